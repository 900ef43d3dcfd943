// Keyboard view switching (1/2/3, ←/→) so a wallboard needs no mouse.
import { useEffect } from 'react'
import { viewForKey, type ViewId } from '../routing/hash-state'

/** Calls `select` for view keys pressed outside text inputs. */
export function useViewKeys(current: ViewId, select: (view: ViewId) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return
      const t = e.target as HTMLElement | null
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return
      const view = viewForKey(e.key, current)
      if (view && view !== current) {
        e.preventDefault()
        select(view)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [current, select])
}
