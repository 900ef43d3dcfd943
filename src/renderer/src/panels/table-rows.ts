// Rows of the table panel: one per value of the `by` label, one cell per column series (the
// latest value of that label value; the mean when several label sets share it).
import type { LatestValue } from '@shared/types'

export interface TableCell {
  value: number | null
  ts: number | null
  /** How many label sets were averaged (0: none). */
  count: number
}

export interface TableRow {
  key: string
  cells: TableCell[]
}

/** Builds the rows; `columns[i]` are the latest values of column i's series. */
export function tableRows(by: string, columns: readonly (readonly LatestValue[] | undefined)[]): TableRow[] {
  const perColumn = columns.map((values) => {
    const m = new Map<string, LatestValue[]>()
    for (const v of values ?? []) {
      const key = v.labels?.[by]
      if (key === undefined || !Number.isFinite(v.value)) continue
      m.set(key, [...(m.get(key) ?? []), v])
    }
    return m
  })
  const keys = [...new Set(perColumn.flatMap((m) => [...m.keys()]))].sort()
  return keys.map((key) => ({
    key,
    cells: perColumn.map((m) => {
      const vs = m.get(key) ?? []
      if (vs.length === 0) return { value: null, ts: null, count: 0 }
      return { value: vs.reduce((a, v) => a + v.value, 0) / vs.length, ts: Math.max(...vs.map((v) => v.ts)), count: vs.length }
    })
  }))
}
