// Building roll-up rows (min, max, sum, count, last, last_ts per series and bucket) from raw
// samples. "last" is the value of the newest sample, ties broken by the larger value, so every
// path (raw, roll-up, merged) picks the same sample.
import { BIGINT } from '@duckdb/node-api'
import type { Sql } from './sql'
import type { Tier } from './tiers'

const big = (n: number): bigint => BigInt(Math.floor(n))
const TYPES = { from: BIGINT, to: BIGINT, size: BIGINT, floor: BIGINT }

/**
 * Recomputes `tier` buckets in [from, to) from raw samples, or from the rows of the finer tier
 * `source` when it covers the range (its rows are the same samples, already partly combined: far
 * fewer rows to read); returns the rows written. Rows go in bucket order, so each row group's
 * min/max on bucket stays narrow and range queries skip the row groups outside their time range.
 */
export async function rebuildBuckets(sql: Sql, tier: Tier, from: number, to: number, source?: Tier): Promise<number> {
  const range = { from: big(from), to: big(to) }
  await sql.exec(`DELETE FROM ${tier.table} WHERE bucket >= $from AND bucket < $to`, range, TYPES)
  const select = source
    ? `SELECT series_id, (bucket // $size) * $size AS b,
              min(min), max(max), sum(sum), sum(count)::BIGINT, arg_max(last, (last_ts, last)), max(last_ts)
       FROM ${source.table}
       WHERE bucket >= $from AND bucket < $to`
    : `SELECT series_id, (ts // $size) * $size AS b,
              min(value), max(value), sum(value), count(*), arg_max(value, (ts, value)), max(ts)
       FROM samples
       WHERE ts >= $from AND ts < $to`
  return sql.exec(`INSERT INTO ${tier.table} ${select} GROUP BY series_id, b ORDER BY b, series_id`, { ...range, size: big(tier.ms) }, TYPES)
}

// Per-bucket partials of the raw samples older than the raw floor. Retention already deleted
// every raw sample before the floor, so any still there arrived late and are in no roll-up yet.
const latePartials = `
  SELECT series_id, (ts // $size) * $size AS bucket,
         min(value) AS min, max(value) AS max, sum(value) AS sum, count(*) AS count,
         arg_max(value, (ts, value)) AS last, max(ts) AS last_ts
  FROM samples WHERE ts < $floor GROUP BY series_id, bucket`

/**
 * Folds late samples older than the raw floor into `tier` (their buckets can no longer be
 * recomputed from raw). Runs in the same transaction that then deletes those samples, so each
 * is merged exactly once. Returns the roll-up rows touched.
 */
export async function mergeLateSamples(sql: Sql, tier: Tier, floor: number): Promise<number> {
  const params = { size: big(tier.ms), floor: big(floor) }
  const updated = await sql.exec(
    `UPDATE ${tier.table} AS t SET
       min = least(t.min, l.min),
       max = greatest(t.max, l.max),
       sum = t.sum + l.sum,
       count = t.count + l.count,
       last = CASE WHEN l.last_ts > t.last_ts OR (l.last_ts = t.last_ts AND l.last > t.last) THEN l.last ELSE t.last END,
       last_ts = greatest(t.last_ts, l.last_ts)
     FROM (${latePartials}) AS l
     WHERE t.series_id = l.series_id AND t.bucket = l.bucket`,
    params,
    TYPES
  )
  const inserted = await sql.exec(
    `INSERT INTO ${tier.table}
     SELECT l.* FROM (${latePartials}) AS l
     WHERE NOT EXISTS (SELECT 1 FROM ${tier.table} t WHERE t.series_id = l.series_id AND t.bucket = l.bucket)
     ORDER BY l.bucket, l.series_id`,
    params,
    TYPES
  )
  return updated + inserted
}
