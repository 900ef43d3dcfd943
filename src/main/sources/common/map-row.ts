// One row of a tabular source (csv line, sql row) → samples, using a ColumnPlan.
import type { IngestSample, Labels } from '@shared/types'
import type { ColumnPlan } from './column-plan'
import { coerceNumber } from './coerce-number'
import { describeValue } from './describe-value'
import { parseTimestamp, TIMESTAMP_FORMATS } from './parse-timestamp'
import { toLabelName } from './series-name'

export interface CellProblem {
  column: string
  /** e.g. `column "revenue" is "abc", expected a number`. */
  message: string
}

export interface MappedRow {
  samples: IngestSample[]
  problems: CellProblem[]
  /** The row's timestamp, or null when it was unusable (the row then yields no samples). */
  ts: number | null
}

/** Empty cells are "no value here", not errors: sparse exports and NULLs are normal. */
export function isMissing(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')
}

/** Maps one row; bad cells become problems (a bad timestamp drops the row, a bad value drops that cell). */
export function mapRow(cells: readonly unknown[], plan: ColumnPlan): MappedRow {
  const problems: CellProblem[] = []
  const tsCell = cells[plan.timestamp.index]
  const tsColumn = plan.timestamp.column
  if (isMissing(tsCell)) {
    return { samples: [], ts: null, problems: [{ column: tsColumn, message: `timestamp column "${tsColumn}" is empty` }] }
  }
  const ts = parseTimestamp(tsCell)
  if (ts === null) {
    const message = `timestamp column "${tsColumn}" is ${describeValue(tsCell)}, expected ${TIMESTAMP_FORMATS}`
    return { samples: [], ts: null, problems: [{ column: tsColumn, message }] }
  }
  const labels: Labels = {}
  for (const l of plan.labels) {
    const cell = cells[l.index]
    if (!isMissing(cell)) labels[toLabelName(l.column)] = labelText(cell)
  }
  const samples: IngestSample[] = []
  for (const v of plan.values) {
    const cell = cells[v.index]
    if (isMissing(cell)) continue
    const coerced = coerceNumber(cell)
    if (!coerced.ok) {
      problems.push({ column: v.column, message: `column "${v.column}" ${coerced.reason}` })
      continue
    }
    const sample: IngestSample = { name: v.series, labels: { ...labels }, ts, value: coerced.value }
    if (v.unit !== undefined) sample.unit = v.unit
    samples.push(sample)
  }
  return { samples, problems, ts }
}

function labelText(cell: unknown): string {
  if (cell instanceof Date) return cell.toISOString()
  return String(cell).trim()
}
