// Hides the mouse cursor on a wallboard after a few seconds without movement (class on <html>).
import { useEffect } from 'react'
import { pointerMoved, type PointerPosition } from './input-filter'

export const CURSOR_IDLE_MS = 3_000
export const CURSOR_HIDDEN_CLASS = 'cursor-hidden'

/** While enabled, the cursor disappears after CURSOR_IDLE_MS without pointer movement. */
export function useIdleCursor(enabled: boolean, idleMs = CURSOR_IDLE_MS): void {
  useEffect(() => {
    if (!enabled) return
    const root = document.documentElement
    let timer: ReturnType<typeof setTimeout> | null = null
    let last: PointerPosition | null = null
    const hideLater = () => {
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(() => root.classList.add(CURSOR_HIDDEN_CLASS), idleMs)
    }
    const show = () => {
      root.classList.remove(CURSOR_HIDDEN_CLASS)
      hideLater()
    }
    // Synthetic moves (the page changed under a resting cursor) keep the position: not movement.
    const onMove = (e: PointerEvent) => {
      const pos = { x: e.screenX, y: e.screenY }
      if (pointerMoved(last, pos)) show()
      last = pos
    }
    hideLater()
    window.addEventListener('pointermove', onMove, { passive: true })
    window.addEventListener('pointerdown', show, { passive: true })
    return () => {
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('pointerdown', show)
      if (timer !== null) clearTimeout(timer)
      root.classList.remove(CURSOR_HIDDEN_CLASS)
    }
  }, [enabled, idleMs])
}
