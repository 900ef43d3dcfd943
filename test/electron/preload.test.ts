import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { eventNames, ipcEventChannel, ipcRequestChannel, requestNames, type VigilBridge } from '../../src/shared/api'

vi.mock('electron', () => import('./fake-electron'))

const page = { location: { hash: '' } }
vi.stubGlobal('window', page)

const fake = await import('./fake-electron')
const preloadSide = await import('../../src/preload/navigation')

let bridge: VigilBridge

beforeAll(async () => {
  await import('../../src/preload/index')
  bridge = fake.contextBridge.exposed.get('vigil') as VigilBridge
})

beforeEach(() => {
  fake.ipcRenderer.invocations.length = 0
  fake.ipcRenderer.reply = undefined
})

describe('preload bridge', () => {
  it('exposes only window.vigil', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['vigil'])
  })

  it('has exactly one function per contract request plus on()', () => {
    expect(Object.keys(bridge).sort()).toEqual([...requestNames, 'on'].sort())
    for (const value of Object.values(bridge)) expect(value).toBeTypeOf('function')
  })

  it('never hands out ipcRenderer or its methods', () => {
    for (const value of Object.values(bridge)) {
      expect(value).not.toBe(fake.ipcRenderer)
      expect(value).not.toBe(fake.ipcRenderer.invoke)
      expect(value).not.toBe(fake.ipcRenderer.on)
    }
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('invokes each request on its contract channel with the arguments and returns the result', async () => {
    for (const name of requestNames) {
      fake.ipcRenderer.reply = { answer: name }
      const args = { marker: name }
      await expect((bridge[name] as (a: unknown) => Promise<unknown>)(args)).resolves.toEqual({ answer: name })
      expect(fake.ipcRenderer.invocations.at(-1)).toEqual([ipcRequestChannel(name), args])
    }
  })

  it('rejects with the main-side message, without Electron’s IPC wrapper text', async () => {
    fake.ipcRenderer.reply = new Error(
      "Error invoking remote method 'vigil:rq:queryRange': Error: queryRange: invalid argument: to: \"to\" must be after \"from\""
    )
    await expect(bridge.queryRange({ series: 'cpu', from: 2, to: 1 })).rejects.toThrow(/^queryRange: invalid argument: to: /)
  })

  it('on() passes only the payload to the listener, never the IPC event', () => {
    const listener = vi.fn()
    const off = bridge.on('samples', listener)
    const ipcEvent = { sender: fake.ipcRenderer, ports: [] }
    const payload = { source: 'demo', series: ['cpu'], count: 1, maxTs: 9 }
    fake.ipcRenderer.emit(ipcEventChannel('samples'), ipcEvent, payload)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([payload])
    off()
  })

  it('on() subscribes every contract event on its own channel', () => {
    for (const name of eventNames) {
      const listener = vi.fn()
      const off = bridge.on(name, listener)
      for (const other of eventNames) fake.ipcRenderer.emit(ipcEventChannel(other), {}, other)
      expect(listener.mock.calls).toEqual([[name]])
      off()
    }
  })

  it('the function returned by on() unsubscribes', () => {
    const listener = vi.fn()
    const off = bridge.on('config', listener)
    off()
    fake.ipcRenderer.emit(ipcEventChannel('config'), {}, { ok: true, error: null, configPath: null })
    expect(listener).not.toHaveBeenCalled()
    expect(fake.ipcRenderer.listenerCount(ipcEventChannel('config'))).toBe(0)
  })

  it('on() rejects unknown event names and non-function listeners', () => {
    expect(() => bridge.on('no-such-event' as never, () => {})).toThrow('vigil.on: unknown event "no-such-event"')
    expect(() => bridge.on('samples', 'nope' as never)).toThrow('listener must be a function')
    expect(fake.ipcRenderer.listenerCount('vigil:ev:no-such-event')).toBe(0)
  })
})

describe('navigation from main', () => {

  it('moves the page to a hash route sent by main and ignores anything else', () => {
    fake.ipcRenderer.emit(preloadSide.NAVIGATE_CHANNEL, {}, '#/technical')
    expect(page.location.hash).toBe('#/technical')
    for (const bad of ['javascript:alert(1)', 'https://evil.example/', 42, null]) {
      fake.ipcRenderer.emit(preloadSide.NAVIGATE_CHANNEL, {}, bad)
      expect(page.location.hash).toBe('#/technical')
    }
  })
})
