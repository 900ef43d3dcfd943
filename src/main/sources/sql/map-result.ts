// Query result rows → samples. Problems are grouped per column, so a text column named as a
// value gives one clear message instead of one per row.
import type { IngestSample } from '@shared/types'
import type { ColumnConfig } from '../common/column-plan'
import { planColumns } from '../common/column-plan'
import { mapRow } from '../common/map-row'
import type { TabularResult } from './run-read-only'

export interface MappedResult {
  samples: IngestSample[]
  /** e.g. `column "name" is "alice", expected a number (row 1; 3 of 3 rows)`. */
  problems: string[]
  /** Largest valid row timestamp (epoch ms), or null when there was none. */
  maxTs: number | null
}

/** Maps every row; throws when a configured column is not in the result. */
export function mapResult(result: TabularResult, config: ColumnConfig): MappedResult {
  let plan
  try {
    plan = planColumns(result.columns, config)
  } catch (err) {
    throw new Error(`the query result has ${err instanceof Error ? err.message : String(err)}`)
  }
  const samples: IngestSample[] = []
  const byColumn = new Map<string, { first: string; row: number; count: number }>()
  let maxTs: number | null = null
  result.rows.forEach((row, i) => {
    const mapped = mapRow(row, plan)
    if (mapped.ts !== null && (maxTs === null || mapped.ts > maxTs)) maxTs = mapped.ts
    samples.push(...mapped.samples)
    for (const p of mapped.problems) {
      const seen = byColumn.get(p.column)
      if (seen) seen.count++
      else byColumn.set(p.column, { first: p.message, row: i + 1, count: 1 })
    }
  })
  const total = result.rows.length
  const problems = [...byColumn.values()].map(
    (p) => `${p.first} (row ${p.row}${p.count > 1 || total > 1 ? `; ${p.count} of ${total} rows` : ''})`
  )
  return { samples, problems, maxTs }
}
