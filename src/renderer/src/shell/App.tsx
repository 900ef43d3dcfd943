// The app shell: header, banners, source health and the selected view.
import { useEffect } from 'react'
import { buildHash } from '../routing/hash-state'
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
  useEffect(() => {
    const canonical = buildHash(state)
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
