// Helpers shared by the store's tests: temp folders and a brute-force reference aggregator.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IngestSample, Point, RangeQuery } from '@shared/types'
import { labelsInclude } from './labels'
import type { RetentionPolicy } from './metric-store'

export const DAY = 86_400_000
export const LONG_RETENTION: RetentionPolicy = { raw: 3650 * DAY, '1m': 3650 * DAY, '1h': 3650 * DAY }

/** A fresh temp folder and a cleanup function. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `vigil-${prefix}-`))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The answer a range query must give, computed sample by sample in plain JS. */
export function referenceRange(samples: readonly IngestSample[], q: RangeQuery): Point[] {
  const stepMs = Math.round(q.step * 1000)
  const buckets = new Map<number, IngestSample[]>()
  for (const s of samples) {
    if (s.name !== q.series || !labelsInclude(s.labels, q.labels) || s.ts < q.from || s.ts >= q.to) continue
    const b = Math.floor(s.ts / stepMs) * stepMs
    const list = buckets.get(b)
    if (list) list.push(s)
    else buckets.set(b, [s])
  }
  return [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((b) => {
      const list = buckets.get(b) as IngestSample[]
      const values = list.map((s) => s.value)
      const sum = values.reduce((a, v) => a + v, 0)
      switch (q.agg) {
        case 'avg':
          return [b, sum / values.length]
        case 'sum':
          return [b, sum]
        case 'count':
          return [b, values.length]
        case 'min':
          return [b, Math.min(...values)]
        case 'max':
          return [b, Math.max(...values)]
        case 'last': {
          // Newest sample; at equal ts the larger value.
          const last = list.reduce((a, s) => (s.ts > a.ts || (s.ts === a.ts && s.value > a.value) ? s : a))
          return [b, last.value]
        }
      }
    })
}
