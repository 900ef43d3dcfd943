// Esc leaves wallboard mode for laptop mode (when nothing else, like a dialog, took the key).
import { useEffect } from 'react'

/** While enabled, Esc calls `exit`. */
export function useKioskExit(enabled: boolean, exit: () => void): void {
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) exit()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled, exit])
}
