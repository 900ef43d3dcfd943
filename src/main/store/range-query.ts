// The range query's SQL. Raw samples are first reduced to one partial row per (series, grain
// bucket), the grain being the tier the plan may use (else the step); a roll-up row is exactly
// such a partial. Partials are then combined per step bucket, sums in a fixed order (grain bucket,
// series), so a roll-up answer adds the same numbers in the same order as the raw one and
// floating-point rounding cannot tell them apart. All SQL text comes from the constant templates
// below; the series ids, times and step are bound parameters.
import { BIGINT, INTEGER, LIST, listValue } from '@duckdb/node-api'
import type { Aggregation, Point } from '@shared/types'
import type { RangePlan } from './query-plan'
import type { Sql } from './sql'
import type { Tier } from './tiers'
import { TIERS } from './tiers'

interface AggSql {
  /** Partial columns over raw samples (value, ts), per (series, grain bucket). */
  raw: string
  /** The same partial columns read from one roll-up row. */
  tier: string
  /** Combines partials into the step bucket's answer. */
  final: string
}

const ORDERED_SUM = 'sum(s ORDER BY gb, sid)'

const AGG_SQL: Record<Aggregation, AggSql> = {
  avg: { raw: 'sum(value) AS s, count(*) AS c', tier: 'sum AS s, count AS c', final: `${ORDERED_SUM} / sum(c)` },
  sum: { raw: 'sum(value) AS s', tier: 'sum AS s', final: ORDERED_SUM },
  count: { raw: 'count(*) AS c', tier: 'count AS c', final: 'sum(c)' },
  min: { raw: 'min(value) AS m', tier: 'min AS m', final: 'min(m)' },
  max: { raw: 'max(value) AS m', tier: 'max AS m', final: 'max(m)' },
  last: {
    raw: 'arg_max(value, (ts, value)) AS lv, max(ts) AS lt',
    tier: 'last AS lv, last_ts AS lt',
    final: 'arg_max(lv, (lt, lv))'
  }
}

function buildSql(agg: AggSql, tier: Tier): string {
  const ids = 'series_id IN (SELECT unnest($ids))'
  return `
    SELECT ((gb * $grain) // $step * $step)::DOUBLE AS b, (${agg.final})::DOUBLE AS v FROM (
      SELECT series_id AS sid, ts // $grain AS gb, ${agg.raw}
      FROM samples
      WHERE ${ids} AND ((ts >= $r1a AND ts < $r1b) OR (ts >= $r2a AND ts < $r2b))
      GROUP BY series_id, gb
      UNION ALL
      SELECT series_id AS sid, bucket // $grain AS gb, ${agg.tier}
      FROM ${tier.table}
      WHERE ${ids} AND bucket >= $ta AND bucket < $tb
    ) GROUP BY b ORDER BY b`
}

const TEMPLATES = new Map<string, string>()
for (const agg of Object.keys(AGG_SQL) as Aggregation[]) {
  for (const tier of TIERS) TEMPLATES.set(`${agg}:${tier.name}`, buildSql(AGG_SQL[agg], tier))
}

const TYPES = {
  ids: LIST(INTEGER),
  step: BIGINT,
  grain: BIGINT,
  r1a: BIGINT,
  r1b: BIGINT,
  r2a: BIGINT,
  r2b: BIGINT,
  ta: BIGINT,
  tb: BIGINT
}

/** Runs a planned range query over the given series ids. */
export async function runRangeQuery(sql: Sql, ids: number[], stepMs: number, agg: Aggregation, plan: RangePlan): Promise<Point[]> {
  const template = TEMPLATES.get(`${agg}:${plan.tier?.name ?? TIERS[0].name}`)
  if (!template) throw new Error(`unknown aggregation "${agg}"`)
  // ts is a whole number of ms, so ts >= x ⇔ ts >= ceil(x) and ts < x ⇔ ts < ceil(x).
  const big = (n: number): bigint => BigInt(Math.ceil(n))
  const [r1, r2] = [plan.raw[0] ?? [0, 0], plan.raw[1] ?? [0, 0]]
  const rows = await sql.rows(
    template,
    {
      ids: listValue(ids),
      step: big(stepMs),
      grain: big(plan.grainMs),
      r1a: big(r1[0]),
      r1b: big(r1[1]),
      r2a: big(r2[0]),
      r2b: big(r2[1]),
      ta: big(plan.tier?.from ?? 0),
      tb: big(plan.tier?.to ?? 0)
    },
    TYPES
  )
  return rows.map(([bucket, v]) => [bucket as number, v as number])
}
