import { afterEach, describe, expect, it } from 'vitest'
import { startProcessStats, type ProcessStatsMonitor } from './process-stats'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Keeps the event loop busy for `ms` (what a blocking query or a sync parse would do). */
function block(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) {
    // busy
  }
}

describe('startProcessStats', () => {
  let monitor: ProcessStatsMonitor | null = null
  afterEach(() => {
    monitor?.stop()
    monitor = null
  })

  it('reports this process memory', () => {
    monitor = startProcessStats()
    const s = monitor.snapshot()
    expect(s.pid).toBe(process.pid)
    expect(s.rssBytes).toBeGreaterThan(s.heapUsedBytes)
    expect(s.heapUsedBytes).toBeGreaterThan(0)
    expect(s.heapTotalBytes).toBeGreaterThanOrEqual(s.heapUsedBytes)
  })

  it('sees a blocked event loop, in the current window and since start', async () => {
    monitor = startProcessStats(60_000)
    await sleep(100)
    block(300)
    await sleep(100)
    const s = monitor.snapshot()
    // A 300 ms block delays the monitor's 20 ms timer by at least ~280 ms (a busy machine only adds to it).
    expect(s.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(250)
    expect(s.eventLoopDelay.maxSinceStartMs).toBeGreaterThanOrEqual(s.eventLoopDelay.maxMs)
    expect(s.eventLoopDelay.p50Ms).toBeLessThanOrEqual(s.eventLoopDelay.maxMs)
  })

  it('keeps the largest delay across windows while the window figures move on', async () => {
    monitor = startProcessStats(60_000)
    await sleep(50)
    block(300)
    await sleep(50)
    monitor.rotate()
    expect(monitor.snapshot().eventLoopDelay.maxMs).toBeGreaterThanOrEqual(250)
    // A window closed at once holds no reading (no timer can run between two synchronous calls).
    monitor.rotate()
    const s = monitor.snapshot()
    expect(s.eventLoopDelay.maxMs).toBe(0)
    expect(s.eventLoopDelay.maxSinceStartMs).toBeGreaterThanOrEqual(250)
  })
})
