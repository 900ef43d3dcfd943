// Builds window.vigil from the contract: one named function per request plus on(event).
// The page never sees ipcRenderer or an IpcRendererEvent, only arguments, results and payloads.
import type { IpcRenderer, IpcRendererEvent } from 'electron'
import { eventNames, ipcEventChannel, ipcRequestChannel, requestNames, type EventName } from '@shared/api-names'
import type { VigilApi, VigilBridge } from '@shared/api'

/** The part of ipcRenderer the bridge uses. */
export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

// Electron wraps errors thrown by main-side handlers as
// "Error invoking remote method '<channel>': Error: <message>"; the page only needs <message>.
const REMOTE_ERROR_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/

/** The main-side error message without Electron's IPC wrapper text. */
export function remoteErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.replace(REMOTE_ERROR_PREFIX, '')
}

/** Creates the object exposed to the page as window.vigil. */
export function createBridge(ipc: BridgeIpc): VigilBridge {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {}
  for (const name of requestNames) {
    const channel = ipcRequestChannel(name)
    api[name] = (args?: unknown) =>
      ipc.invoke(channel, args).catch((err: unknown) => {
        throw new Error(remoteErrorMessage(err))
      })
  }

  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!eventNames.includes(event)) throw new Error(`vigil.on: unknown event ${JSON.stringify(event)}; expected one of ${eventNames.join(', ')}`)
    if (typeof listener !== 'function') throw new Error(`vigil.on("${event}"): listener must be a function`)
    const channel = ipcEventChannel(event)
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipc.on(channel, forward)
    return () => {
      ipc.removeListener(channel, forward)
    }
  }

  return Object.freeze({ ...(api as VigilApi), on: on as VigilBridge['on'] })
}
