// Electron quits synchronously; the engine needs to flush and close its store first.
import { app } from 'electron'
import type { Engine } from '../engine/types'

/**
 * Holds every quit until the engine has stopped, stopping it exactly once; quit requests that
 * arrive while it stops wait for the same stop. getEngine returns null before the engine starts.
 */
export function stopEngineBeforeQuit(getEngine: () => Promise<Pick<Engine, 'stop'>> | null): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'stopped') return
    const pending = getEngine()
    if (!pending) return
    event.preventDefault()
    if (state === 'stopping') return
    state = 'stopping'
    pending
      // A failed start has nothing to stop; the startup path reports that error itself.
      .then((engine) => engine.stop(), () => undefined)
      .catch((err: unknown) => console.error('vigil: stopping the engine failed:', err instanceof Error ? err.message : err))
      .finally(() => {
        state = 'stopped'
        app.quit()
      })
  })
}
