// Noise marks (an operator's verdict on one firing episode of an alert) and the per-rule counts
// alert quality is computed from: firing episodes from the history, noise marks joined on
// (alert id, episode = firedAt).
import { BIGINT, BOOLEAN, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { DuckDBValue } from '@duckdb/node-api'
import type { AlertNoiseMark } from '@shared/alerts'
import type { Severity } from '@shared/types'
import type { Sql } from './sql'
import { toNumber } from './sql'

const MAX_EPOCH_MS = 8.64e15
const MAX_TEXT = 1024
const SEVERITIES: readonly string[] = ['critical', 'warning', 'info']

/** Per-rule counts over a period: firing episodes that started in it, and how many of those are marked noise. */
export interface RuleFiringCounts {
  rule: string
  /** Severity of the rule's latest firing in the period. */
  severity: Severity | null
  firings: number
  noise: number
}

/** Records (or replaces) the mark of one episode. */
export async function upsertNoiseMark(sql: Sql, mark: AlertNoiseMark): Promise<void> {
  const m = checkMark(mark)
  await sql.exec(
    `INSERT INTO alert_noise VALUES ($alert_id, $episode, $rule, $severity, $noise, $by, $at)
     ON CONFLICT (alert_id, episode) DO UPDATE SET rule = excluded.rule, severity = excluded.severity, noise = excluded.noise, actor = excluded.actor, ts = excluded.ts`,
    { alert_id: m.alertId, episode: BigInt(m.episode), rule: m.rule, severity: m.severity, noise: m.noise, by: m.by, at: BigInt(m.at) },
    { alert_id: VARCHAR, episode: BIGINT, rule: VARCHAR, severity: VARCHAR, noise: BOOLEAN, by: VARCHAR, at: BIGINT }
  )
}

/** The marks of these episodes ([alertId, episode] pairs); a missing mark is absent from the answer. */
export async function noiseMarksOf(sql: Sql, episodes: readonly (readonly [string, number])[]): Promise<AlertNoiseMark[]> {
  if (episodes.length === 0) return []
  const rows = await sql.rows(
    `SELECT alert_id, episode, rule, severity, noise, actor, ts FROM alert_noise
     WHERE list_contains($keys, alert_id || '@' || episode::VARCHAR)`,
    { keys: listValue(episodes.map(([id, ep]) => `${id}@${Math.trunc(ep)}`)) },
    { keys: LIST(VARCHAR) }
  )
  return rows.map(toMark)
}

/** Firing episodes per rule that started in [from, to), with how many are marked noise. */
export async function firingCounts(sql: Sql, from: number, to: number): Promise<RuleFiringCounts[]> {
  const rows = await sql.rows(
    `SELECT h.rule, arg_max(h.severity, h.ts), count(*), count(*) FILTER (WHERE n.noise)
     FROM alert_history h
     LEFT JOIN alert_noise n ON n.alert_id = h.alert_id AND n.episode = h.ts
     WHERE h.kind = 'fired' AND h.ts >= $from AND h.ts < $to AND h.rule IS NOT NULL
     GROUP BY h.rule
     ORDER BY h.rule
     LIMIT $limit`,
    { from: BigInt(clampMs(Math.ceil(from))), to: BigInt(clampMs(Math.ceil(to))), limit: 100_000 },
    { from: BIGINT, to: BIGINT, limit: INTEGER }
  )
  return rows.map(([rule, severity, firings, noise]) => ({
    rule: String(rule),
    severity: severity === null ? null : (String(severity) as Severity),
    firings: toNumber(firings),
    noise: toNumber(noise)
  }))
}

/** Deletes marks of episodes before `cutoff`; returns how many. */
export function pruneNoiseMarks(sql: Sql, cutoff: number): Promise<number> {
  return sql.exec(`DELETE FROM alert_noise WHERE episode < $cutoff`, { cutoff: BigInt(clampMs(Math.floor(cutoff))) }, { cutoff: BIGINT })
}

function checkMark(m: AlertNoiseMark): AlertNoiseMark {
  if (typeof m !== 'object' || m === null) throw new Error('noise mark must be an object')
  for (const key of ['alertId', 'rule', 'by'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '' || m[key].length > MAX_TEXT) throw new Error(`noise mark: ${key} must be a non-empty string of at most ${MAX_TEXT} characters`)
  }
  if (!SEVERITIES.includes(m.severity)) throw new Error(`noise mark of alert "${m.alertId}": severity ${JSON.stringify(m.severity)} is not critical, warning or info`)
  if (typeof m.noise !== 'boolean') throw new Error(`noise mark of alert "${m.alertId}": noise must be true or false`)
  for (const key of ['episode', 'at'] as const) {
    if (typeof m[key] !== 'number' || !Number.isFinite(m[key]) || Math.abs(m[key]) > MAX_EPOCH_MS) {
      throw new Error(`noise mark of alert "${m.alertId}": ${key} must be epoch milliseconds, got ${String(m[key])}`)
    }
  }
  return { ...m, episode: Math.trunc(m.episode), at: Math.trunc(m.at) }
}

function clampMs(ms: number): number {
  return Math.max(-MAX_EPOCH_MS, Math.min(MAX_EPOCH_MS, ms))
}

function toMark(r: DuckDBValue[]): AlertNoiseMark {
  const [alertId, episode, rule, severity, noise, by, at] = r
  return {
    alertId: String(alertId),
    episode: toNumber(episode),
    rule: String(rule),
    severity: String(severity) as Severity,
    noise: noise === true,
    by: String(by),
    at: toNumber(at)
  }
}
