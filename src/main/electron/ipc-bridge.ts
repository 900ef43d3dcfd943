// The IPC adapter: every contract request becomes an ipcMain handler and every bus event is
// forwarded to the window, derived generically from src/shared/api.ts (no per-method code).
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { z } from 'zod'
import {
  eventNames,
  ipcEventChannel,
  ipcRequestChannel,
  requestNames,
  requests,
  type ArgsOf,
  type RequestName
} from '@shared/api'
import type { Engine } from '../engine/types'
import { APP_ORIGIN, isAppUrl } from './app-origin'

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string
  origin: string
  parent: unknown
}

/**
 * True for the top-level frame of an app page: its origin is app://vigil (Electron's advice: an
 * origin says who controls a document, a URL may not) and so is its URL. The app has no subframes
 * (CSP frame-src 'none'), so a frame with a parent is refused too.
 */
export function isAppFrame(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && frame.origin === APP_ORIGIN && isAppUrl(frame.url)
}

/**
 * Throws unless the call comes from the app page (app://vigil) loaded in the app's own window (or
 * in one of `alsoTrusted`, the web contents ids of the app's own helper windows, e.g. a report
 * being printed).
 */
export function assertTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow, alsoTrusted: ReadonlySet<number> = new Set()): void {
  const ownWindow = (!win.isDestroyed() && event.sender.id === win.webContents.id) || alsoTrusted.has(event.sender.id)
  if (!ownWindow || !isAppFrame(event.senderFrame)) throw new Error('IPC from untrusted sender')
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)'
  return `${where}: ${issue.message}`
}

/** Validates a request's argument against the contract; throws naming the method and argument path. */
export function parseRequestArgs<K extends RequestName>(name: K, arg: unknown): ArgsOf<K> {
  const result = requests[name].args.safeParse(arg ?? {})
  if (!result.success) {
    throw new Error(`${name}: invalid argument: ${result.error.issues.map(describeIssue).join('; ')}`)
  }
  return result.data as ArgsOf<K>
}

export interface IpcBridge {
  /** Removes every handler and event subscription this bridge installed. */
  unregister(): void
  /** Lets another window of the app (a hidden report window) make requests until the returned function is called. */
  trustWindow(win: BrowserWindow): () => void
}

/** Connects the engine's API and events to one window over IPC. */
export function registerIpcBridge(engine: Pick<Engine, 'api' | 'bus'>, win: BrowserWindow): IpcBridge {
  const helpers = new Set<number>()
  for (const name of requestNames) {
    ipcMain.handle(ipcRequestChannel(name), async (event, arg: unknown) => {
      assertTrustedSender(event, win, helpers)
      const args = parseRequestArgs(name, arg)
      const method = engine.api[name] as (a: typeof args) => Promise<unknown>
      return method.call(engine.api, args)
    })
  }

  const contents = win.webContents
  const unsubscribers = eventNames.map((name) =>
    engine.bus.on(name, (payload) => {
      if (!contents.isDestroyed()) contents.send(ipcEventChannel(name), payload)
    })
  )
  const unsubscribeEvents = (): void => {
    for (const off of unsubscribers.splice(0)) off()
  }
  win.once('closed', unsubscribeEvents)

  let registered = true
  return {
    trustWindow(helper: BrowserWindow): () => void {
      const id = helper.webContents.id
      helpers.add(id)
      return () => helpers.delete(id)
    },
    unregister(): void {
      if (!registered) return
      registered = false
      for (const name of requestNames) ipcMain.removeHandler(ipcRequestChannel(name))
      unsubscribeEvents()
    }
  }
}
