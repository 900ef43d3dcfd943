// React binding of the hash state: re-renders on hashchange; updates write the hash.
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { adoptKioskSearch, buildHash, parseHash, type HashState } from './hash-state'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

/** Moves a `?kiosk=1` query parameter into the hash before the app first renders. */
export function adoptKioskFromLocation(): void {
  const adopted = adoptKioskSearch(window.location.search, window.location.hash)
  if (adopted) window.history.replaceState(null, '', `${window.location.pathname}${adopted.search}${adopted.hash}`)
}

/** The current navigation state and a function that changes parts of it. */
export function useHashState(): [HashState, (patch: Partial<HashState>) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  const state = useMemo(() => parseHash(hash), [hash])
  const update = useCallback((patch: Partial<HashState>) => {
    const next = buildHash({ ...parseHash(window.location.hash), ...patch })
    if (next !== window.location.hash) window.location.hash = next
  }, [])
  return [state, update]
}
