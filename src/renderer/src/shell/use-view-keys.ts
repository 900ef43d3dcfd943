// Keyboard view switching (1–9, ←/→) so a wallboard needs no mouse.
import { useEffect } from 'react'
import { viewForKey } from '../routing/hash-state'

/** True when a key press belongs to a text field or a control that uses arrow keys itself. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const t = target as HTMLElement | null
  if (!t || typeof t.tagName !== 'string') return false
  if (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) return true
  // Radio groups (the range picker) move with the arrow keys.
  return t.getAttribute('role') === 'radio'
}

/** Calls `select` for view keys pressed outside text inputs, while `enabled`. */
export function useViewKeys(current: string, viewIds: readonly string[], select: (view: string) => void, enabled = true): void {
  const idsKey = viewIds.join(' ')
  useEffect(() => {
    if (!enabled) return
    const ids = idsKey === '' ? [] : idsKey.split(' ')
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return
      if (isTypingTarget(e.target)) return
      const view = viewForKey(e.key, current, ids)
      if (view && view !== current) {
        e.preventDefault()
        select(view)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [current, idsKey, select, enabled])
}
