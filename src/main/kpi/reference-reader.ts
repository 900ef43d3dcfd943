// Reads what KPI formulas need from the store, once per distinct series reference: which series
// match it, its current value and its bucketed trend. A reference's value is the AVERAGE across
// all label sets matching it: of each one's latest sample for the current value; of all matching
// samples in each bucket for the trend (the same thing for series sampled at the same rate).
import type { SeriesRef } from '@shared/kpi-formula'
import type { Labels, SeriesInfo } from '@shared/types'
import type { MetricStore } from '../store/metric-store'

/** A range ending within this of now is "live": the current value is the latest sample even if it is a little after `to`. */
export const LIVE_SLACK_MS = 120_000

export interface ReadWindow {
  from: number
  to: number
  /** Bucket width of the trend, in seconds. */
  stepS: number
  now: number
}

export interface RefData {
  ref: SeriesRef
  /** Catalog series matching the reference (empty: the reference names no stored series). */
  series: SeriesInfo[]
  /** True when some series has the name, whatever its labels (tells "unknown name" from "no such labels"). */
  nameKnown: boolean
  /** Average of the matching label sets' values at the end of the window; undefined when none has a sample in it. */
  value: number | undefined
  /** Oldest timestamp among the samples averaged into `value`. */
  at: number | undefined
  /** Bucket start → value over [from, to), ascending. */
  trend: Map<number, number>
}

/** True when every pair of `filter` is in `labels`. */
export function labelsMatch(labels: Labels, filter: Labels): boolean {
  for (const key of Object.keys(filter)) if (labels[key] !== filter[key]) return false
  return true
}

/** Reads one reference for a window (catalog lookup, one latest(), one range query). */
export async function readReference(store: MetricStore, ref: SeriesRef, w: ReadWindow): Promise<RefData> {
  const named = (await store.listSeries(ref.name)).filter((s) => s.name === ref.name)
  const series = named.filter((s) => labelsMatch(s.labels, ref.labels))
  const data: RefData = { ref, series, nameKnown: named.length > 0, value: undefined, at: undefined, trend: new Map() }
  if (series.length === 0) return data
  const [current, range] = await Promise.all([
    currentValue(store, ref, w),
    store.queryRange({ series: ref.name, labels: ref.labels, from: w.from, to: w.to, step: w.stepS, agg: 'avg' })
  ])
  data.value = current?.value
  data.at = current?.at
  for (const [bucket, value] of range.points) data.trend.set(bucket, value)
  return data
}

/** Each matching label set's last sample in the window, averaged. */
async function currentValue(store: MetricStore, ref: SeriesRef, w: ReadWindow): Promise<{ value: number; at: number } | undefined> {
  const live = w.to >= w.now - LIVE_SLACK_MS
  let sum = 0
  let n = 0
  let at = Infinity
  const add = (value: number, ts: number): void => {
    sum += value
    n++
    at = Math.min(at, ts)
  }
  const past: Labels[] = []
  for (const last of await store.latest(ref.name, ref.labels)) {
    if (last.ts >= w.to && !live) past.push(last.labels)
    else if (last.ts >= w.from) add(last.value, last.ts)
  }
  // A range in the past: the label set's last sample before `to`, read by bucket (its time is then the bucket start).
  for (const labels of past) {
    const r = await store.queryRange({ series: ref.name, labels, from: w.from, to: w.to, step: w.stepS, agg: 'last' })
    const last = r.points[r.points.length - 1]
    if (last) add(last[1], last[0])
  }
  return n === 0 ? undefined : { value: sum / n, at }
}

/**
 * Each matching label set's last sample in [before − lookbackMs, before), averaged; undefined when
 * none has one. (A label set that is a subset of another matching one is read together with it.)
 */
export async function valueBefore(store: MetricStore, data: RefData, before: number, lookbackMs: number): Promise<number | undefined> {
  let sum = 0
  let n = 0
  for (const s of data.series) {
    // Hour buckets, so whole hours come from the 1 h roll-up.
    const r = await store.queryRange({ series: s.name, labels: s.labels, from: before - lookbackMs, to: before, step: 3600, agg: 'last' })
    const last = r.points[r.points.length - 1]
    if (last) {
      sum += last[1]
      n++
    }
  }
  return n === 0 ? undefined : sum / n
}
