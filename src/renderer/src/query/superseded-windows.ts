// A wallboard's windows slide: each time the clock moves a chart's [from, to) (or a forecast's
// refresh slot) on, the chart asks for a new query key, and the previous window's answer stays in
// the cache, unobserved, until gcTime passes. At an accelerated clock (a soak at 60×) a view's
// window moves every few real seconds, so every chart kept several superseded copies of its data;
// at any speed they are of no use once a newer window of the same query exists (the observer keeps
// the previous data on screen itself while the new window loads). This drops them at once. The
// newest window of a query stays cached for gcTime even when unobserved, so a playlist coming
// back to a view still paints from the cache.
import { hashKey, type Query, type QueryCache, type QueryKey } from '@tanstack/react-query'

/** Where a time-keyed query sits: its key without the time (`family`) and the window's end (`at`). */
export interface WindowPosition {
  family: string
  at: number
}

/** Numbers from here on (1973 in epoch ms) are times; smaller ones in a key are limits, counts or steps. */
const EPOCH_MS_MIN = 1e11

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= EPOCH_MS_MIN

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The window a query key covers, or null when the key holds no time. Times are recognised in two
 * shapes the key factories use: an object part with epoch-ms `from` and `to` (ranges, KPIs,
 * annotations, anomalies), and epoch-ms numbers ending the key (an `asOf` refresh slot, or
 * `from, to`). The family keeps the window's length, so "last hour" and "last day" of one series
 * are different families.
 */
export function windowPosition(key: QueryKey): WindowPosition | null {
  let at: number | null = null
  const parts: unknown[] = key.map((part) => {
    if (!isPlainObject(part) || !isTime(part.from) || !isTime(part.to)) return part
    const { from, to, ...rest } = part
    at = Math.max(at ?? -Infinity, to as number)
    return { ...rest, span: (to as number) - (from as number) }
  })
  let end = parts.length
  while (end > 0 && isTime(parts[end - 1])) end--
  const trailing = parts.slice(end) as number[]
  if (trailing.length === 1) {
    at = Math.max(at ?? -Infinity, trailing[0])
    parts.splice(end, 1, '@')
  } else if (trailing.length === 2) {
    at = Math.max(at ?? -Infinity, trailing[1])
    parts.splice(end, 2, { span: trailing[1] - trailing[0] })
  } else if (trailing.length > 2) {
    return null
  }
  return at === null ? null : { family: hashKey(parts), at }
}

/**
 * Keeps `cache` free of superseded windows: an unobserved query whose family has a query with a
 * later window is removed (at once, not after gcTime). Returns the function that stops it.
 */
export function pruneSupersededWindows(cache: QueryCache): () => void {
  const families = new Map<string, Set<Query>>()
  const positions = new WeakMap<Query, WindowPosition>()
  const due = new Set<string>()
  let scheduled = false

  /** Files a time-keyed query under its family; returns the family (null: not time-keyed). */
  const index = (q: Query): string | null => {
    const pos = windowPosition(q.queryKey)
    if (!pos) return null
    positions.set(q, pos)
    let members = families.get(pos.family)
    if (!members) families.set(pos.family, (members = new Set()))
    members.add(q)
    return pos.family
  }

  const sweep = (family: string): void => {
    const members = families.get(family)
    if (!members || members.size < 2) return
    let newest = -Infinity
    for (const q of members) newest = Math.max(newest, positions.get(q)!.at)
    for (const q of [...members]) {
      // A query still fetching is left to finish; the sweep after its result removes it.
      if (positions.get(q)!.at < newest && q.getObserversCount() === 0 && q.state.fetchStatus !== 'fetching') cache.remove(q)
    }
  }
  // Runs after the cache's current notification batch: removing inside it would re-enter the cache.
  const schedule = (family: string): void => {
    due.add(family)
    if (scheduled) return
    scheduled = true
    queueMicrotask(() => {
      scheduled = false
      const list = [...due]
      due.clear()
      for (const f of list) sweep(f)
    })
  }

  const unsubscribe = cache.subscribe((event) => {
    const q = event.query
    if (event.type === 'added') {
      const family = index(q)
      if (family !== null) schedule(family)
      return
    }
    const pos = positions.get(q)
    if (!pos) return
    if (event.type === 'removed') {
      const members = families.get(pos.family)
      members?.delete(q)
      if (members?.size === 0) families.delete(pos.family)
      return
    }
    // An observer left, or a fetch ended: the query may now be a superseded, unobserved window.
    if (event.type === 'observerRemoved' || (event.type === 'updated' && q.state.fetchStatus !== 'fetching')) schedule(pos.family)
  })
  // Queries cached before this started are indexed too.
  for (const q of cache.getAll()) index(q)
  for (const family of families.keys()) schedule(family)
  return () => {
    unsubscribe()
    families.clear()
    due.clear()
  }
}
