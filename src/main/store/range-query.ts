// The range query's SQL, for many queries at once. The queries' (index, series id) pairs are
// bound as two lists and joined against each planned segment: raw segments contribute samples,
// tier segments roll-up rows, each as the same partial columns, combined per (query, step
// bucket). Each segment is its own branch with a plain range filter on the time column, so
// DuckDB's per-row-group min/max skip everything outside it. All SQL text comes from the
// constant fragments below (one text per aggregation and segment shape, prepared once per
// connection); the ids, times and step are bound parameters.
import { BIGINT, INTEGER, LIST, listValue } from '@duckdb/node-api'
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api'
import type { Aggregation, Point } from '@shared/types'
import type { PlanSegment } from './query-plan'
import type { Sql } from './sql'
import { TIERS } from './tiers'

interface AggSql {
  /** Partial columns of one raw sample (alias d: ts, value). */
  raw: string
  /** The same partial columns of one roll-up row (alias d). */
  tier: string
  /** Combines partials into the step bucket's answer. */
  final: string
}

const AGG_SQL: Record<Aggregation, AggSql> = {
  // Counts add up as doubles (exact below 2^53), not as 128-bit integers.
  avg: { raw: 'd.value AS s, 1::DOUBLE AS c', tier: 'd.sum AS s, d.count::DOUBLE AS c', final: 'sum(s) / sum(c)' },
  sum: { raw: 'd.value AS s', tier: 'd.sum AS s', final: 'sum(s)' },
  count: { raw: '1::DOUBLE AS c', tier: 'd.count::DOUBLE AS c', final: 'sum(c)' },
  min: { raw: 'd.value AS m', tier: 'd.min AS m', final: 'min(m)' },
  max: { raw: 'd.value AS m', tier: 'd.max AS m', final: 'max(m)' },
  // Newest sample; at equal times the larger value (as the roll-ups pick it).
  last: { raw: 'd.value AS lv, d.ts AS lt', tier: 'd.last AS lv, d.last_ts AS lt', final: 'arg_max(lv, (lt, lv))' }
}

const TABLES = { raw: { table: 'samples', time: 'ts' }, ...Object.fromEntries(TIERS.map((t) => [t.name, { table: t.table, time: 'bucket' }])) } as Record<
  PlanSegment['source'],
  { table: string; time: string }
>

function branch(agg: AggSql, source: PlanSegment['source'], i: number): string {
  const { table, time } = TABLES[source]
  return `SELECT q.qi, d.${time} // $step * $step AS b, ${source === 'raw' ? agg.raw : agg.tier}
      FROM ${table} AS d JOIN q ON d.series_id = q.sid
      WHERE d.${time} >= $a${i} AND d.${time} < $b${i}`
}

function buildSql(agg: Aggregation, sources: readonly PlanSegment['source'][]): string {
  const a = AGG_SQL[agg]
  return `WITH q AS (SELECT unnest($qi) AS qi, unnest($sid) AS sid)
    SELECT qi, b::DOUBLE AS b, (${a.final})::DOUBLE AS v FROM (
      ${sources.map((s, i) => branch(a, s, i)).join('\n      UNION ALL ')}
    ) GROUP BY qi, b ORDER BY qi, b`
}

// Plans come in a handful of shapes (see query-plan.ts), so this stays small.
const templates = new Map<string, string>()

function template(agg: Aggregation, segments: readonly PlanSegment[]): string {
  if (!(agg in AGG_SQL)) throw new Error(`unknown aggregation "${agg}"`)
  const sources = segments.map((s) => s.source)
  const key = `${agg}:${sources.join(',')}`
  let sql = templates.get(key)
  if (sql === undefined) {
    sql = buildSql(agg, sources)
    templates.set(key, sql)
  }
  return sql
}

/** One query of a batch: its position and the series ids it covers. */
export interface SeriesSet {
  index: number
  ids: readonly number[]
}

/**
 * Runs one planned window (same segments, step and aggregation) for many series sets in one
 * statement; returns each set's points by its index (sets without data get no entry).
 */
export async function runRangeQueries(
  sql: Sql,
  sets: readonly SeriesSet[],
  stepMs: number,
  agg: Aggregation,
  segments: readonly PlanSegment[]
): Promise<Map<number, Point[]>> {
  const out = new Map<number, Point[]>()
  if (segments.length === 0 || sets.length === 0) return out
  const qi: number[] = []
  const sid: number[] = []
  for (const set of sets) {
    for (const id of set.ids) {
      qi.push(set.index)
      sid.push(id)
    }
  }
  // Times are whole ms, so t >= x ⇔ t >= ceil(x) and t < x ⇔ t < ceil(x).
  const params: Record<string, DuckDBValue> = { qi: listValue(qi), sid: listValue(sid), step: BigInt(stepMs) }
  const types: Record<string, DuckDBType> = { qi: LIST(INTEGER), sid: LIST(INTEGER), step: BIGINT }
  segments.forEach((s, i) => {
    params[`a${i}`] = BigInt(Math.ceil(s.from))
    params[`b${i}`] = BigInt(Math.ceil(s.to))
    types[`a${i}`] = BIGINT
    types[`b${i}`] = BIGINT
  })
  const [indexes, buckets, values] = await sql.columns(template(agg, segments), params, types)
  let current = -1
  let points: Point[] = []
  for (let r = 0; r < indexes.length; r++) {
    const index = indexes[r] as number
    if (index !== current) {
      current = index
      points = []
      out.set(index, points)
    }
    points.push([buckets[r] as number, values[r] as number])
  }
  return out
}
