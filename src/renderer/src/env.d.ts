// Globals the renderer relies on.
import type { VigilBridge } from '@shared/api'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the page is served by `vigil serve`. */
    vigil?: VigilBridge
  }
}
