// Retention: how far back each tier is kept, and the deletes that enforce it.
import { BIGINT, INTEGER, LIST, listValue } from '@duckdb/node-api'
import { deleteAnnotationsBefore } from './annotations'
import { deletePredictionsBefore } from './predictions'
import type { MaintenanceReport, RetentionPolicy } from './metric-store'
import type { Sql } from './sql'
import { toNumber } from './sql'
import { alignDown, COARSEST_TIER_MS, TIERS } from './tiers'

export interface RetentionCutoffs {
  /** Raw samples with ts before this are deleted (an hour boundary). */
  raw: number
  /** Roll-up buckets that end at or before these are deleted. */
  '1m': number
  '1h': number
  /** Annotations that ended before this are deleted (now minus the longest tier retention). */
  annotations: number
  /** Prediction records with ts before this are deleted (now minus the raw retention: they are raw data). */
  predictions: number
}

/**
 * Cutoffs as of `now`. Raw is cut on the hour at or before now - retention.raw (so up to an hour
 * more is kept): no roll-up bucket then straddles the cut, and a bucket is either fully backed by
 * raw samples (recomputable) or not at all (late samples are merged into it instead).
 */
export function retentionCutoffs(now: number, policy: RetentionPolicy, rawFloor: number | null): RetentionCutoffs {
  const raw = alignDown(now - policy.raw, COARSEST_TIER_MS)
  return {
    raw: rawFloor === null ? raw : Math.max(raw, rawFloor),
    '1m': now - policy['1m'],
    '1h': now - policy['1h'],
    // Kept as long as any tier can still draw a chart they belong on.
    annotations: now - Math.max(policy.raw, policy['1m'], policy['1h']),
    predictions: now - policy.raw
  }
}

export interface RetentionResult {
  deleted: MaintenanceReport['deleted']
  /** Ids of series whose last row (raw or rolled up) this pass deleted: their catalog rows are deleted too. */
  series: number[]
}

/** Deletes what the cutoffs say, then the catalog rows of series left without any data; returns what went. */
export async function applyRetention(sql: Sql, cutoffs: RetentionCutoffs): Promise<RetentionResult> {
  // A series loses its last row when the table kept longest (oldest cutoff) loses its rows: only
  // then is the (full-column) orphan check worth running, and only for the series it touched.
  const longest = longestKeptFirst(cutoffs)[0]
  const candidates = await seriesLosingRows(sql, longest, cutoffs)
  const raw = await sql.exec(`DELETE FROM samples WHERE ts < $cutoff`, { cutoff: big(cutoffs.raw) }, { cutoff: BIGINT })
  const deleted = {
    raw,
    '1m': 0,
    '1h': 0,
    annotations: await deleteAnnotationsBefore(sql, cutoffs.annotations),
    predictions: await deletePredictionsBefore(sql, cutoffs.predictions)
  }
  for (const tier of TIERS) {
    deleted[tier.name] = await sql.exec(
      `DELETE FROM ${tier.table} WHERE bucket + $size <= $cutoff`,
      { size: big(tier.ms), cutoff: big(cutoffs[tier.name]) },
      { size: BIGINT, cutoff: BIGINT }
    )
  }
  return { deleted, series: candidates.length === 0 ? [] : await deleteOrphanSeries(sql, candidates) }
}

type SampleTable = 'samples' | 'rollup_1m' | 'rollup_1h'

/** The sample-holding tables, the one whose cutoff is oldest first (ties: raw, then finer tiers). */
function longestKeptFirst(cutoffs: RetentionCutoffs): SampleTable[] {
  const tables: [SampleTable, number][] = [['samples', cutoffs.raw], ...TIERS.map((t): [SampleTable, number] => [t.table, cutoffs[t.name]])]
  return tables.sort((a, b) => a[1] - b[1]).map(([t]) => t)
}

/** Series with rows in `table` that retention is about to delete. */
async function seriesLosingRows(sql: Sql, table: SampleTable, cutoffs: RetentionCutoffs): Promise<number[]> {
  const tier = TIERS.find((t) => t.table === table)
  const rows = tier
    ? await sql.rows(`SELECT DISTINCT series_id FROM ${table} WHERE bucket + $size <= $cutoff`, { size: big(tier.ms), cutoff: big(cutoffs[tier.name]) }, { size: BIGINT, cutoff: BIGINT })
    : await sql.rows(`SELECT DISTINCT series_id FROM samples WHERE ts < $cutoff`, { cutoff: big(cutoffs.raw) }, { cutoff: BIGINT })
  return rows.map(([id]) => toNumber(id))
}

/** Deletes the catalog rows of those `candidates` that no table holds a row of any more; returns their ids. */
async function deleteOrphanSeries(sql: Sql, candidates: number[]): Promise<number[]> {
  const rows = await sql.rows(
    `DELETE FROM series WHERE list_contains($ids, id)
       AND id NOT IN (SELECT series_id FROM samples WHERE list_contains($ids, series_id))
       AND id NOT IN (SELECT series_id FROM rollup_1m WHERE list_contains($ids, series_id))
       AND id NOT IN (SELECT series_id FROM rollup_1h WHERE list_contains($ids, series_id))
     RETURNING id`,
    { ids: listValue(candidates) },
    { ids: LIST(INTEGER) }
  )
  return rows.map(([id]) => toNumber(id))
}

/** Checks a retention policy: every tier a finite, non-negative number of milliseconds. */
export function checkRetention(policy: RetentionPolicy): void {
  for (const key of ['raw', '1m', '1h'] as const) {
    const v = policy?.[key]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`store retention.${key} must be a non-negative number of milliseconds, got ${String(v)}`)
    }
  }
}

const big = (n: number): bigint => BigInt(Math.floor(n))
