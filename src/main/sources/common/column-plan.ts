// Tabular sources (csv, sql) share one mapping: a timestamp column, value columns that become
// series, and label columns. This resolves the configured names against a header.
import { toSeriesName } from './series-name'

export type ColumnMapping = string | { column: string; series?: string; unit?: string }

export interface ColumnConfig {
  timestamp_column: string
  /** Value columns; empty = every column that is neither the timestamp nor a label. */
  columns: ColumnMapping[]
  label_columns: string[]
  /** Prefix for series names derived from column names. */
  series_prefix: string
}

export interface PlannedColumn {
  column: string
  index: number
}

export interface ValueColumn extends PlannedColumn {
  series: string
  unit?: string
}

export interface ColumnPlan {
  timestamp: PlannedColumn
  labels: PlannedColumn[]
  values: ValueColumn[]
}

/** Resolves the configured columns against a header (names compared trimmed); throws naming every missing column. */
export function planColumns(header: readonly string[], config: ColumnConfig): ColumnPlan {
  const names = header.map((h) => h.trim())
  const indexOf = (column: string): number => names.indexOf(column.trim())
  const missing: string[] = []
  const find = (column: string): PlannedColumn => {
    const index = indexOf(column)
    if (index < 0) missing.push(column)
    return { column, index }
  }
  const timestamp = find(config.timestamp_column)
  const labels = config.label_columns.map(find)
  const values: ValueColumn[] =
    config.columns.length > 0
      ? config.columns.map((m) => {
          const spec = typeof m === 'string' ? { column: m } : m
          const found = find(spec.column)
          return { ...found, series: spec.series ?? derivedName(config, spec.column), unit: spec.unit }
        })
      : autoColumns(names, config)
  if (missing.length > 0) {
    const list = missing.map((c) => `"${c}"`).join(', ')
    const which = missing.length === 1 ? 'column' : 'columns'
    const role = missing.length === 1 && missing[0] === config.timestamp_column ? 'timestamp column' : which
    throw new Error(`no ${role} ${list} (found: ${names.map((n) => `"${n}"`).join(', ') || 'none'})`)
  }
  if (values.length === 0) throw new Error('no value columns: every column is the timestamp or a label')
  return { timestamp, labels, values }
}

function autoColumns(names: string[], config: ColumnConfig): ValueColumn[] {
  const taken = new Set([config.timestamp_column.trim(), ...config.label_columns.map((c) => c.trim())])
  const out: ValueColumn[] = []
  names.forEach((column, index) => {
    if (column === '' || taken.has(column) || names.indexOf(column) !== index) return
    out.push({ column, index, series: derivedName(config, column) })
  })
  return out
}

function derivedName(config: ColumnConfig, column: string): string {
  return toSeriesName(config.series_prefix + column)
}
