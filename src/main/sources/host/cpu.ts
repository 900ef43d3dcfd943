// CPU usage from the per-core time counters node:os exposes on every platform.
import os from 'node:os'

/** Cumulative busy and total time per core, in ms. */
export interface CpuTimes {
  busy: number[]
  total: number[]
}

export interface CpuUsage {
  /** Whole machine, 0..100. */
  total: number
  /** Per core, 0..100. */
  cores: number[]
}

/** Reads the per-core time counters (os.cpus()). */
export function readCpuTimes(): CpuTimes {
  const busy: number[] = []
  const total: number[] = []
  for (const cpu of os.cpus()) {
    const t = cpu.times
    const all = t.user + t.nice + t.sys + t.idle + t.irq
    busy.push(all - t.idle)
    total.push(all)
  }
  return { busy, total }
}

/** Usage between two readings; null when they are not comparable (core count changed, no time passed). */
export function cpuUsageBetween(prev: CpuTimes, cur: CpuTimes): CpuUsage | null {
  if (prev.total.length !== cur.total.length || cur.total.length === 0) return null
  let busySum = 0
  let totalSum = 0
  const cores: number[] = []
  for (let i = 0; i < cur.total.length; i++) {
    const busy = Math.max(0, cur.busy[i] - prev.busy[i])
    const total = Math.max(0, cur.total[i] - prev.total[i])
    busySum += busy
    totalSum += total
    cores.push(total > 0 ? clampPercent((busy / total) * 100) : 0)
  }
  if (totalSum === 0) return null
  return { total: clampPercent((busySum / totalSum) * 100), cores }
}

/** Clamps to 0..100 (counters sampled mid-update can overshoot by a tick). */
export function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value))
}
