// The engine process's own vital signs for GET /api/health: memory and event-loop delay. A
// wallboard runs for weeks; a slow leak or a blocked loop shows here before it shows on screen
// (the soak run in scripts/soak/ samples it).
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** How late the event loop ran a timer (beyond its period), in ms. */
export interface EventLoopDelay {
  /** Over the last completed window (or since start while the first one runs), in ms. */
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Largest delay seen since the monitor started, in ms. */
  maxSinceStartMs: number
  /** Length of the window the figures above cover, in seconds. */
  windowS: number
}

export interface ProcessStats {
  pid: number
  uptimeS: number
  rssBytes: number
  heapUsedBytes: number
  heapTotalBytes: number
  /** Memory of C++ objects bound to JS (DuckDB result buffers, Buffers). */
  externalBytes: number
  eventLoopDelay: EventLoopDelay
}

export interface ProcessStatsMonitor {
  snapshot(): ProcessStats
  /** Closes the current window now (the timer does it every windowMs). */
  rotate(): void
  stop(): void
}

const NS_PER_MS = 1e6
/** The monitor's timer period; its readings include it, so it is subtracted to give the lag alone. */
const RESOLUTION_MS = 20
const lagMs = (ns: number): number => Math.max(0, ns / NS_PER_MS - RESOLUTION_MS)

/** Starts sampling event-loop delay (every 20 ms) in windows of `windowMs`; stop() ends it. */
export function startProcessStats(windowMs = 10_000): ProcessStatsMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  histogram.enable()
  const startedAt = Date.now()
  let windowStart = startedAt
  let last: { p50: number; p99: number; max: number; windowS: number } | null = null
  let maxSinceStart = 0
  // Each window's figures are kept and the histogram reset, so a reading shows recent delay, not a lifetime average.
  const rotate = (): void => {
    const max = lagMs(histogram.max)
    last = { p50: lagMs(histogram.percentile(50)), p99: lagMs(histogram.percentile(99)), max, windowS: (Date.now() - windowStart) / 1000 }
    maxSinceStart = Math.max(maxSinceStart, max)
    histogram.reset()
    windowStart = Date.now()
  }
  const timer = setInterval(rotate, windowMs)
  timer.unref()
  const round = (n: number): number => Math.round(n * 10) / 10
  return {
    snapshot() {
      const mem = process.memoryUsage()
      const current = histogram.count > 0 ? { p50: lagMs(histogram.percentile(50)), p99: lagMs(histogram.percentile(99)), max: lagMs(histogram.max) } : null
      const shown = last ?? { ...(current ?? { p50: 0, p99: 0, max: 0 }), windowS: (Date.now() - windowStart) / 1000 }
      return {
        pid: process.pid,
        uptimeS: Math.round(process.uptime()),
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        heapTotalBytes: mem.heapTotal,
        externalBytes: mem.external,
        eventLoopDelay: {
          p50Ms: round(shown.p50),
          p99Ms: round(shown.p99),
          maxMs: round(shown.max),
          maxSinceStartMs: round(Math.max(maxSinceStart, current?.max ?? 0)),
          windowS: round(shown.windowS)
        }
      }
    },
    rotate,
    stop() {
      clearInterval(timer)
      histogram.disable()
    }
  }
}
