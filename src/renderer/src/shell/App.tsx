// The app shell: header, banners, source health and the selected view.
import { useEffect } from 'react'
import { buildHash, parseHash } from '../routing/hash-state'
import { useHashState } from '../routing/use-hash-state'
import { SourceHealthPanel } from '../features/health/SourceHealthPanel'
import { ViewPage } from '../views/ViewPage'
import { ConfigBanner } from './ConfigBanner'
import { ConnectionBanner } from './ConnectionBanner'
import { Header } from './Header'
import { useViewKeys } from './use-view-keys'
import { useConnectionStatus } from '../api/use-connection-status'

export function App() {
  const [state, update] = useHashState()
  const connection = useConnectionStatus()
  useViewKeys(state.view, (view) => update({ view }))

  // Show the full state in the address bar (e.g. "#/executive?range=24h") without a history entry.
  // Canonicalise the hash as it is now, not as rendered: it may have changed since (a link, a
  // test driver), and writing the rendered state back would undo that change.
  useEffect(() => {
    const canonical = buildHash(parseHash(window.location.hash))
    if (window.location.hash !== canonical) window.history.replaceState(null, '', canonical)
  }, [state])

  return (
    <div className={`app mode-${state.mode}`} data-connection={connection}>
      <Header state={state} update={update} />
      <ConnectionBanner />
      <ConfigBanner />
      <SourceHealthPanel />
      <ViewPage key={state.view} state={state} update={update} />
    </div>
  )
}
