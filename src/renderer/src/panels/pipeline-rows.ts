// Rows of the sources panel's pipeline table: lag and throughput (latest) and errors, per
// value of the `by` label. A counter's errors are its increase over the window (resets allowed).
import type { Point } from '@shared/types'
import type { GroupedQueryResult } from '@shared/api'
import type { LatestValue } from '@shared/types'

export interface PipelineRow {
  key: string
  lag: number | null
  throughput: number | null
  errors: number | null
}

/** Increase of a counter over its points: the sum of rises, treating a drop as a reset to 0. */
export function counterIncrease(points: readonly Point[]): number | null {
  const values = points.map((p) => p[1]).filter(Number.isFinite)
  if (values.length === 0) return null
  let total = 0
  for (let i = 1; i < values.length; i++) {
    const d = values[i] - values[i - 1]
    total += d >= 0 ? d : values[i]
  }
  return total
}

/** Mean of the latest values per label value (several instances of a pipeline average out). */
function latestBy(values: readonly LatestValue[] | undefined, by: string): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>()
  for (const v of values ?? []) {
    const key = v.labels?.[by]
    if (key === undefined || !Number.isFinite(v.value)) continue
    const s = sums.get(key) ?? { sum: 0, n: 0 }
    sums.set(key, { sum: s.sum + v.value, n: s.n + 1 })
  }
  return new Map([...sums].map(([k, s]) => [k, s.sum / s.n]))
}

/** Joins the pipeline series into one row per label value, sorted by it. */
export function pipelineRows(input: {
  by: string
  lag?: readonly LatestValue[]
  throughput?: readonly LatestValue[]
  errors?: { kind: 'counter'; result: GroupedQueryResult } | { kind: 'gauge'; values: readonly LatestValue[] }
}): PipelineRow[] {
  const lag = latestBy(input.lag, input.by)
  const throughput = latestBy(input.throughput, input.by)
  const errors = new Map<string, number>()
  if (input.errors?.kind === 'counter') {
    for (const g of input.errors.result.groups) {
      const inc = counterIncrease(g.points)
      if (inc !== null) errors.set(g.value, inc)
    }
  } else if (input.errors?.kind === 'gauge') {
    for (const [k, v] of latestBy(input.errors.values, input.by)) errors.set(k, v)
  }
  const keys = [...new Set([...lag.keys(), ...throughput.keys(), ...errors.keys()])].sort()
  return keys.map((key) => ({ key, lag: lag.get(key) ?? null, throughput: throughput.get(key) ?? null, errors: errors.get(key) ?? null }))
}
