// React binding of the theme choice: one store for the page, so every component (the header
// toggle, chart colours) sees the same value.
import { useSyncExternalStore } from 'react'
import { readStoredTheme, storeTheme, type Theme } from './theme'

let chosen: Theme | null = null
const listeners = new Set<() => void>()

function current(): Theme {
  chosen ??= readStoredTheme()
  return chosen
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Changes (and remembers) the user's theme choice. */
export function chooseTheme(theme: Theme): void {
  if (theme === current()) return
  chosen = theme
  storeTheme(theme)
  for (const listener of listeners) listener()
}

/** The user's theme choice (kiosk mode overrides it; see effectiveTheme). */
export function useChosenTheme(): Theme {
  return useSyncExternalStore(subscribe, current)
}
