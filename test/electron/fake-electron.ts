// A stand-in for the `electron` module (the binary cannot run here). It mimics the parts of
// Electron's behaviour the shell relies on: event names and arguments, quit/preventDefault,
// one handler per IPC channel, web-contents-created on window creation.
import { EventEmitter } from 'node:events'

let nextWebContentsId = 1

export interface FakeNavigationEvent {
  url: string
  defaultPrevented: boolean
  preventDefault(): void
}

/** An Electron-style event object; `url` is set for navigation events. */
export function fakeEvent(url = ''): FakeNavigationEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    }
  }
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: string }

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  destroyed = false
  readonly sent: Array<[string, unknown]> = []
  windowOpenHandler: WindowOpenHandler | null = null

  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push([channel, payload])
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler
  }
  /** What executeJavaScript answers (tests set it to play the page). */
  evaluate: (code: string) => unknown = () => undefined
  readonly scripts: string[] = []
  readonly printed: Record<string, unknown>[] = []
  async executeJavaScript(code: string): Promise<unknown> {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.scripts.push(code)
    return this.evaluate(code)
  }
  /** Returns a small PDF-looking buffer naming the options, so tests can tell prints apart. */
  async printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.printed.push(options)
    return Buffer.from(`%PDF-fake ${JSON.stringify(options)}`)
  }
  /** Simulates the page calling window.open(url). */
  openWindow(url: string): { action: string } {
    if (!this.windowOpenHandler) return { action: 'allow' } // Electron's default: allowed
    return this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' })
  }
  /** Simulates a renderer-initiated navigation; returns true when it was allowed. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = fakeEvent(url)
    this.emit(kind, event, url)
    return !event.defaultPrevented
  }
}

class FakeApp extends EventEmitter {
  userData = '/fake/userData'
  version = '9.9.9-test'
  gotLock = true
  sandboxEnforced = false
  quitRequests = 0
  /** True once a quit went through (before-quit was not prevented). */
  quitted = false
  exitCode: number | null = null
  /** Arguments of every app.relaunch call. */
  relaunches: Array<{ args?: string[] } | undefined> = []
  private readyResolve!: () => void
  private readyPromise!: Promise<void>

  constructor() {
    super()
    this.reset()
  }
  /** Back to a freshly launched process: no listeners, not ready, no quit. */
  reset(): void {
    this.removeAllListeners()
    this.userData = '/fake/userData'
    this.gotLock = true
    this.sandboxEnforced = false
    this.quitRequests = 0
    this.quitted = false
    this.exitCode = null
    this.relaunches = []
    this.readyCalled = false
    this.readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve))
  }

  whenReady(): Promise<void> {
    return this.readyPromise
  }
  /** Test helper: fires Electron's 'ready'. */
  private readyCalled = false
  becomeReady(): void {
    this.readyCalled = true
    callOrder.push('ready')
    this.readyResolve()
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app.getPath: unexpected ${name}`)
    return this.userData
  }
  getVersion(): string {
    return this.version
  }
  enableSandbox(): void {
    if (this.readyCalled) throw new Error('app.enableSandbox() can only be called before app is ready')
    this.sandboxEnforced = true
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock
  }
  quit(): void {
    this.quitRequests++
    const event = fakeEvent()
    this.emit('before-quit', event)
    if (!event.defaultPrevented) this.quitted = true
  }
  exit(code = 0): void {
    this.exitCode = code
  }
  relaunch(options?: { args?: string[] }): void {
    this.relaunches.push(options)
  }
}

/** Order in which notable calls happened (e.g. scheme registration vs. 'ready'). */
export const callOrder: string[] = []

export const app = new FakeApp()

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly options: Record<string, any>
  menu: unknown = 'default-menu'
  visible = false
  minimized = false
  focused = false
  destroyed = false
  loadedUrl: string | null = null
  loadError: Error | null = null
  /** Every value given to setProgressBar, in order. */
  readonly progress: number[] = []

  constructor(options: Record<string, any>) {
    super()
    this.options = options
    BrowserWindow.instances.push(this)
    callOrder.push('new BrowserWindow')
    app.emit('web-contents-created', fakeEvent(), this.webContents)
  }
  setMenu(menu: unknown): void {
    this.menu = menu
  }
  setProgressBar(value: number): void {
    this.progress.push(value)
  }
  show(): void {
    this.visible = true
  }
  isVisible(): boolean {
    return this.visible
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.minimized = false
  }
  focus(): void {
    this.focused = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  async loadURL(url: string): Promise<void> {
    callOrder.push(`loadURL ${url}`)
    if (this.loadError) throw this.loadError
    this.loadedUrl = url
  }
  destroy(): void {
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  }
  close(): void {
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
    if (BrowserWindow.instances.every((w) => w.destroyed)) app.emit('window-all-closed')
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    // Electron refuses a second handler for the same channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    callOrder.push(`ipcMain.handle ${channel}`)
    this.handlers.set(channel, handler)
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  },
  /** Test helper: performs an invoke the way Electron would call the handler. */
  async invoke(channel: string, event: unknown, arg?: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, arg)
  }
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    callOrder.push('registerSchemesAsPrivileged')
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler)
  }
}

class FakeSession {
  requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null
  checkHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null
  deviceHandler: ((details: { deviceType: string; origin: string; device: unknown }) => boolean) | null = null
  setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
    this.requestHandler = handler
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
    this.checkHandler = handler
  }
  setDevicePermissionHandler(handler: FakeSession['deviceHandler']): void {
    this.deviceHandler = handler
  }
}

export const session = { defaultSession: new FakeSession() }

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url)
  }
}

/** A modal dialog call: which one, its parent window (null when none was given) and its options. */
export interface FakeDialogCall {
  kind: 'open' | 'save' | 'message'
  window: BrowserWindow | null
  options: Record<string, any>
}

/** Electron's dialog functions take an optional parent window first. */
function dialogArgs(a: unknown, b: unknown): { window: BrowserWindow | null; options: Record<string, any> } {
  return a instanceof BrowserWindow ? { window: a, options: b as Record<string, any> } : { window: null, options: a as Record<string, any> }
}

export const dialog = {
  errorBoxes: [] as Array<{ title: string; content: string }>,
  calls: [] as FakeDialogCall[],
  /** What the next dialogs answer, in order (tests play the user); an empty queue cancels. */
  answers: [] as unknown[],
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content })
  },
  async showOpenDialog(a: unknown, b?: unknown): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.calls.push({ kind: 'open', ...dialogArgs(a, b) })
    const answer = this.answers.shift() as string[] | undefined
    return answer ? { canceled: false, filePaths: answer } : { canceled: true, filePaths: [] }
  },
  async showSaveDialog(a: unknown, b?: unknown): Promise<{ canceled: boolean; filePath: string }> {
    this.calls.push({ kind: 'save', ...dialogArgs(a, b) })
    const answer = this.answers.shift() as string | undefined
    return answer ? { canceled: false, filePath: answer } : { canceled: true, filePath: '' }
  },
  async showMessageBox(a: unknown, b?: unknown): Promise<{ response: number; checkboxChecked: boolean }> {
    const call = { kind: 'message' as const, ...dialogArgs(a, b) }
    this.calls.push(call)
    // A message box with only an OK button needs no answer from the test.
    const buttons = (call.options.buttons as string[] | undefined) ?? ['OK']
    // An answer is a button index, or { response, checkbox } to tick the box too.
    const raw = buttons.length > 1 ? (this.answers.shift() as number | { response: number; checkbox: boolean } | undefined) : 0
    const answer = typeof raw === 'object' ? raw : { response: raw, checkbox: false }
    return { response: answer.response ?? (call.options.cancelId as number | undefined) ?? 0, checkboxChecked: answer.checkbox }
  }
}

export interface FakeMenuItem {
  label?: string
  role?: string
  type?: string
  enabled?: boolean
  accelerator?: string
  click?: (...args: unknown[]) => unknown
  submenu?: FakeMenuItem[]
}

export class Menu {
  static applicationMenu: Menu | null = null
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template)
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu
  }
  /** Test helper: the item at a path of labels (e.g. 'File', 'Open archive…'). */
  item(...labels: string[]): FakeMenuItem {
    let items = this.items
    let found: FakeMenuItem | undefined
    for (const label of labels) {
      found = items.find((i) => i.label === label)
      if (!found) throw new Error(`no menu item ${labels.join(' → ')} (at "${label}")`)
      items = found.submenu ?? []
    }
    return found!
  }
}

export class Notification extends EventEmitter {
  static supported = true
  static readonly instances: Notification[] = []
  readonly options: Record<string, unknown>
  shown = false
  static isSupported(): boolean {
    return Notification.supported
  }
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    Notification.instances.push(this)
  }
  show(): void {
    this.shown = true
  }
}

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`)
    this.exposed.set(key, api)
  }
}

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: Array<[string, unknown]> = []
  /** What the next invoke resolves to, or rejects with when it is an Error. */
  reply: unknown = undefined
  async invoke(channel: string, arg: unknown): Promise<unknown> {
    this.invocations.push([channel, arg])
    if (this.reply instanceof Error) throw this.reply
    return this.reply
  }
}

export const ipcRenderer = new FakeIpcRenderer()

/** Resets every piece of fake state, for tests that run the whole shell more than once. */
export function resetFakeElectron(): void {
  callOrder.length = 0
  app.reset()
  BrowserWindow.instances.length = 0
  ipcMain.handlers.clear()
  protocol.privileged.length = 0
  protocol.handlers.clear()
  session.defaultSession = new FakeSession()
  shell.opened.length = 0
  dialog.errorBoxes.length = 0
  dialog.calls.length = 0
  dialog.answers.length = 0
  Menu.applicationMenu = null
  Notification.supported = true
  Notification.instances.length = 0
  contextBridge.exposed.clear()
  ipcRenderer.removeAllListeners()
  ipcRenderer.invocations.length = 0
  ipcRenderer.reply = undefined
}

export default { app, BrowserWindow, ipcMain, protocol, session, shell, dialog, Menu, Notification, contextBridge, ipcRenderer }
