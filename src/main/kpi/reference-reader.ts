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

/** Looks references up in the catalog (one listSeries per distinct name): which series each matches, no values yet. */
export async function describeReferences(store: MetricStore, refs: readonly SeriesRef[]): Promise<RefData[]> {
  const catalog = new Map<string, Promise<SeriesInfo[]>>()
  const named = (name: string): Promise<SeriesInfo[]> => {
    let p = catalog.get(name)
    if (!p) {
      p = store.listSeries(name).then((list) => list.filter((s) => s.name === name))
      catalog.set(name, p)
    }
    return p
  }
  return Promise.all(
    refs.map(async (ref): Promise<RefData> => {
      const all = await named(ref.name)
      const series = all.filter((s) => labelsMatch(s.labels, ref.labels))
      return { ref, series, nameKnown: all.length > 0, value: undefined, at: undefined, trend: new Map() }
    })
  )
}

/**
 * Reads described references for a window: latest() per reference, and the trends of all of them
 * in one queryRangeMany (one store round trip for the lot). Returns new RefData, in input order.
 */
export async function readReferences(store: MetricStore, described: readonly RefData[], w: ReadWindow): Promise<RefData[]> {
  const data = described.map((d): RefData => ({ ...d, value: undefined, at: undefined, trend: new Map() }))
  const stored = data.filter((d) => d.series.length > 0)
  if (stored.length === 0) return data
  const [ranges, current] = await Promise.all([
    store.queryRangeMany(stored.map((d) => ({ series: d.ref.name, labels: d.ref.labels, from: w.from, to: w.to, step: w.stepS, agg: 'avg' as const }))),
    currentValues(store, stored, w)
  ])
  stored.forEach((d, i) => {
    d.value = current[i]?.value
    d.at = current[i]?.at
    for (const [bucket, value] of ranges[i].points) d.trend.set(bucket, value)
  })
  return data
}

/** Each reference's matching label sets' last samples in the window, averaged (one batch for the past ones). */
async function currentValues(store: MetricStore, refs: readonly RefData[], w: ReadWindow): Promise<({ value: number; at: number } | undefined)[]> {
  const live = w.to >= w.now - LIVE_SLACK_MS
  const acc = refs.map(() => ({ sum: 0, n: 0, at: Infinity }))
  const add = (i: number, value: number, ts: number): void => {
    acc[i].sum += value
    acc[i].n++
    acc[i].at = Math.min(acc[i].at, ts)
  }
  // A range in the past: the label set's last sample before `to`, read by bucket (its time is then the bucket start).
  const past: { i: number; labels: Labels }[] = []
  const latest = await Promise.all(refs.map((d) => store.latest(d.ref.name, d.ref.labels)))
  latest.forEach((values, i) => {
    for (const last of values) {
      if (last.ts >= w.to && !live) past.push({ i, labels: last.labels })
      else if (last.ts >= w.from) add(i, last.value, last.ts)
    }
  })
  if (past.length > 0) {
    const results = await store.queryRangeMany(
      past.map(({ i, labels }) => ({ series: refs[i].ref.name, labels, from: w.from, to: w.to, step: w.stepS, agg: 'last' as const }))
    )
    results.forEach((r, k) => {
      const last = r.points[r.points.length - 1]
      if (last) add(past[k].i, last[1], last[0])
    })
  }
  return acc.map((a) => (a.n === 0 ? undefined : { value: a.sum / a.n, at: a.at }))
}

/**
 * Per reference (by key): each matching label set's last sample in [before − lookbackMs, before),
 * averaged; undefined when none has one. All read in one queryRangeMany. (A label set that is a
 * subset of another matching one is read together with it.)
 */
export async function valuesBefore(store: MetricStore, refs: readonly RefData[], before: number, lookbackMs: number): Promise<Map<string, number | undefined>> {
  const owners: string[] = []
  const queries = refs.flatMap((d) =>
    d.series.map((s) => {
      owners.push(d.ref.key)
      // Hour buckets, so whole hours come from the 1 h roll-up.
      return { series: s.name, labels: s.labels, from: before - lookbackMs, to: before, step: 3600, agg: 'last' as const }
    })
  )
  const acc = new Map<string, { sum: number; n: number }>(refs.map((d) => [d.ref.key, { sum: 0, n: 0 }]))
  const results = queries.length > 0 ? await store.queryRangeMany(queries) : []
  results.forEach((r, k) => {
    const last = r.points[r.points.length - 1]
    if (!last) return
    const a = acc.get(owners[k]) as { sum: number; n: number }
    a.sum += last[1]
    a.n++
  })
  return new Map([...acc].map(([key, a]) => [key, a.n === 0 ? undefined : a.sum / a.n]))
}
