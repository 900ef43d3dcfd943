// The colour theme: dark (the wallboard default) or light (laptop option), as CSS variables
// selected by data-theme on <html>. The choice is kept in localStorage; kiosk mode is always
// dark (a wallboard must not glare across a room).

export type Theme = 'dark' | 'light'

export const THEME_STORAGE_KEY = 'vigil.theme'

/** The stored choice; anything but "light" (including nothing) is dark. */
export function parseTheme(value: string | null): Theme {
  return value === 'light' ? 'light' : 'dark'
}

/** The theme to show: the user's choice, except that a wallboard is always dark. */
export function effectiveTheme(chosen: Theme, kiosk: boolean): Theme {
  return kiosk ? 'dark' : chosen
}

/** Reads the stored choice (dark when storage is unavailable, e.g. blocked by policy). */
export function readStoredTheme(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Theme {
  try {
    return parseTheme(storage?.getItem(THEME_STORAGE_KEY) ?? null)
  } catch {
    return 'dark'
  }
}

/** Stores the choice; a storage failure only means it is not remembered. */
export function storeTheme(theme: Theme, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme)
  } catch {
    // not remembered: private mode or storage disabled
  }
}

/** Puts the theme on the document: data-theme for the CSS variables, color-scheme for form controls. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (root.dataset.theme !== theme) root.dataset.theme = theme
  root.style.colorScheme = theme
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}
