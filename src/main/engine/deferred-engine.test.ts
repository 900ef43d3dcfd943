import { describe, expect, it } from 'vitest'
import { deferredEngine } from './deferred-engine'
import { EventBus } from './event-bus'
import type { Engine } from './types'

function fakeEngine(): Engine & { stopped: boolean } {
  const engine = {
    api: { getAppInfo: async () => ({ version: 'x' }) } as unknown as Engine['api'],
    bus: new EventBus(),
    readOnly: true,
    maxPushBodyBytes: 1,
    stopped: false,
    push: async () => ({ accepted: 0, rejected: [] }),
    stop: async () => {
      engine.stopped = true
    }
  }
  return engine
}

describe('deferredEngine', () => {
  it('answers requests and delivers events once the real engine is ready', async () => {
    let resolve: (e: Engine) => void = () => undefined
    const real = fakeEngine()
    const deferred = deferredEngine(new Promise<Engine>((r) => (resolve = r)), { readOnly: true, maxPushBodyBytes: 1024 })
    expect(Object.keys(deferred.api)).toContain('queryRange')
    const seen: unknown[] = []
    const before = deferred.bus.on('alerts', (p) => seen.push(p))
    const answer = deferred.api.getAppInfo({})
    resolve(real)
    expect(await answer).toEqual({ version: 'x' })
    real.bus.emit('alerts', { n: 1 } as never)
    deferred.bus.on('alerts', (p) => seen.push(['late', p]))
    real.bus.emit('alerts', { n: 2 } as never)
    before()
    real.bus.emit('alerts', { n: 3 } as never)
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, ['late', { n: 2 }], ['late', { n: 3 }]])
    await deferred.stop()
    expect(real.stopped).toBe(true)
  })

  it('fails every request with the start-up error, and stops quietly', async () => {
    const deferred = deferredEngine(Promise.reject(new Error('archive x.vigil cannot be opened: truncated')), { readOnly: true, maxPushBodyBytes: 1024 })
    await expect(deferred.api.getHealth({})).rejects.toThrow('truncated')
    await expect(deferred.push([])).rejects.toThrow('truncated')
    await expect(deferred.stop()).resolves.toBeUndefined()
  })
})
