// The alert history: one row per state change, routing decision, delivery result or noise mark,
// in the order recorded. Labels and receivers are stored as JSON text.
import { BIGINT, DOUBLE, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { DuckDBValue } from '@duckdb/node-api'
import { ALERT_HISTORY_KINDS } from '@shared/alerts'
import type { AlertHistoryEntry, AlertHistoryInput, AlertHistoryKind } from '@shared/alerts'
import type { Labels, Severity } from '@shared/types'
import { canonicalLabels, labelsProblem } from './labels'
import type { Sql } from './sql'
import { toNumber } from './sql'

export interface AlertHistoryQuery {
  /** Entries at or after this (epoch ms). */
  from: number
  /** Entries before this (epoch ms). */
  to: number
  /** Newest first, at most this many (default 500, at most 10000). */
  limit?: number
  alertId?: string
  groupKey?: string
  kinds?: AlertHistoryKind[]
}

export const DEFAULT_HISTORY_LIMIT = 500
export const MAX_HISTORY_LIMIT = 10_000
/** Longest detail text kept; longer text is cut. */
const MAX_DETAIL = 2000
const MAX_KEY = 1024
const MAX_EPOCH_MS = 8.64e15
const SEVERITIES: readonly string[] = ['critical', 'warning', 'info']

const COLUMNS = 'seq, ts, kind, alert_id, rule, severity, group_key, receivers, level, actor, value, labels, detail'

/** Appends entries in order (one statement each, inside the caller's transaction when there is one). */
export async function appendAlertHistory(sql: Sql, entries: readonly AlertHistoryInput[]): Promise<void> {
  const checked = entries.map((e, i) => checkEntry(e, i))
  for (const e of checked) {
    await sql.exec(
      `INSERT INTO alert_history (ts, kind, alert_id, rule, severity, group_key, receivers, level, actor, value, labels, detail)
       VALUES ($at, $kind, $alert_id, $rule, $severity, $group_key, $receivers, $level, $by, $value, $labels, $detail)`,
      {
        at: BigInt(e.at),
        kind: e.kind,
        alert_id: e.alertId,
        rule: e.rule,
        severity: e.severity,
        group_key: e.groupKey,
        receivers: JSON.stringify(e.receivers),
        level: e.level,
        by: e.by,
        value: e.value,
        labels: canonicalLabels(e.labels),
        detail: e.detail
      },
      {
        at: BIGINT,
        kind: VARCHAR,
        alert_id: VARCHAR,
        rule: VARCHAR,
        severity: VARCHAR,
        group_key: VARCHAR,
        receivers: VARCHAR,
        level: INTEGER,
        by: VARCHAR,
        value: DOUBLE,
        labels: VARCHAR,
        detail: VARCHAR
      }
    )
  }
}

/** Entries in [from, to), newest first. */
export async function queryAlertHistory(sql: Sql, query: AlertHistoryQuery): Promise<AlertHistoryEntry[]> {
  const q = checkQuery(query)
  const rows = await sql.rows(
    `SELECT ${COLUMNS} FROM alert_history
     WHERE ts >= $from AND ts < $to
       AND ($alert_id IS NULL OR alert_id = $alert_id)
       AND ($group_key IS NULL OR group_key = $group_key)
       AND list_contains($kinds, kind)
     ORDER BY ts DESC, seq DESC
     LIMIT $limit`,
    {
      from: BigInt(q.from),
      to: BigInt(q.to),
      alert_id: q.alertId ?? null,
      group_key: q.groupKey ?? null,
      kinds: listValue(q.kinds),
      limit: q.limit
    },
    { from: BIGINT, to: BIGINT, alert_id: VARCHAR, group_key: VARCHAR, kinds: LIST(VARCHAR), limit: INTEGER }
  )
  return rows.map(toEntry)
}

/** The newest `fired` entry of an alert (its latest episode), or null. */
export async function lastFiring(sql: Sql, alertId: string): Promise<AlertHistoryEntry | null> {
  const rows = await sql.rows(
    `SELECT ${COLUMNS} FROM alert_history WHERE alert_id = $alert_id AND kind = 'fired' ORDER BY ts DESC, seq DESC LIMIT 1`,
    { alert_id: alertId },
    { alert_id: VARCHAR }
  )
  return rows.length === 0 ? null : toEntry(rows[0])
}

/** The `fired` entry of one episode (the alert's firedAt), or null. */
export async function firingAt(sql: Sql, alertId: string, episode: number): Promise<AlertHistoryEntry | null> {
  const rows = await sql.rows(
    `SELECT ${COLUMNS} FROM alert_history WHERE alert_id = $alert_id AND kind = 'fired' AND ts = $at ORDER BY seq DESC LIMIT 1`,
    { alert_id: alertId, at: BigInt(Math.trunc(episode)) },
    { alert_id: VARCHAR, at: BIGINT }
  )
  return rows.length === 0 ? null : toEntry(rows[0])
}

/** Deletes entries before `cutoff`; returns how many. */
export function pruneAlertHistory(sql: Sql, cutoff: number): Promise<number> {
  return sql.exec(`DELETE FROM alert_history WHERE ts < $cutoff`, { cutoff: BigInt(clampMs(Math.floor(cutoff))) }, { cutoff: BIGINT })
}

function checkEntry(e: AlertHistoryInput, index: number): AlertHistoryInput {
  const where = `alert history entry ${index}`
  if (typeof e !== 'object' || e === null) throw new Error(`${where} must be an object`)
  if (!(ALERT_HISTORY_KINDS as readonly string[]).includes(e.kind)) {
    throw new Error(`${where}: kind ${JSON.stringify(e.kind)} is not one of ${ALERT_HISTORY_KINDS.join(', ')}`)
  }
  const at = checkTime(e.at, `${where} (${e.kind}): at`)
  for (const key of ['alertId', 'rule', 'groupKey', 'by'] as const) {
    const v = e[key]
    if (v !== null && (typeof v !== 'string' || v.length > MAX_KEY)) throw new Error(`${where} (${e.kind}): ${key} must be null or a string of at most ${MAX_KEY} characters`)
  }
  if (e.severity !== null && !SEVERITIES.includes(e.severity)) throw new Error(`${where} (${e.kind}): severity ${JSON.stringify(e.severity)} is not critical, warning or info`)
  if (!Array.isArray(e.receivers) || e.receivers.some((r) => typeof r !== 'string')) throw new Error(`${where} (${e.kind}): receivers must be a list of strings`)
  if (e.level !== null && (!Number.isInteger(e.level) || e.level < -1 || e.level > 1000)) throw new Error(`${where} (${e.kind}): level must be null or a whole number`)
  if (e.value !== null && typeof e.value !== 'number') throw new Error(`${where} (${e.kind}): value must be null or a number`)
  const problem = labelsProblem(e.labels)
  if (problem) throw new Error(`${where} (${e.kind}): ${problem}`)
  if (typeof e.detail !== 'string') throw new Error(`${where} (${e.kind}): detail must be a string`)
  // NaN cannot be compared or shown usefully; it is kept as "no value".
  const value = e.value !== null && Number.isFinite(e.value) ? e.value : null
  const detail = e.detail.length <= MAX_DETAIL ? e.detail : `${e.detail.slice(0, MAX_DETAIL - 1)}…`
  return { ...e, at, value, detail }
}

function checkQuery(q: AlertHistoryQuery): Required<Pick<AlertHistoryQuery, 'from' | 'to' | 'limit' | 'kinds'>> & AlertHistoryQuery {
  if (typeof q !== 'object' || q === null) throw new Error('alert history query must be an object')
  for (const key of ['from', 'to'] as const) {
    if (typeof q[key] !== 'number' || Number.isNaN(q[key])) throw new Error(`alert history: ${key} must be epoch milliseconds, got ${String(q[key])}`)
  }
  if (q.to <= q.from) throw new Error(`alert history: "to" (${q.to}) must be after "from" (${q.from})`)
  const limit = q.limit ?? DEFAULT_HISTORY_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
    throw new Error(`alert history: limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}, got ${String(limit)}`)
  }
  const kinds = q.kinds ?? [...ALERT_HISTORY_KINDS]
  for (const k of kinds) {
    if (!(ALERT_HISTORY_KINDS as readonly string[]).includes(k)) throw new Error(`alert history: kind ${JSON.stringify(k)} is not one of ${ALERT_HISTORY_KINDS.join(', ')}`)
  }
  // Whole ms: at >= from ⇔ at >= ceil(from), at < to ⇔ at < ceil(to), for integer times.
  return { ...q, from: clampMs(Math.ceil(q.from)), to: clampMs(Math.ceil(q.to)), limit, kinds }
}

function checkTime(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_EPOCH_MS) throw new Error(`${what} must be epoch milliseconds, got ${String(value)}`)
  return Math.trunc(value)
}

function clampMs(ms: number): number {
  return Math.max(-MAX_EPOCH_MS, Math.min(MAX_EPOCH_MS, ms))
}

function toEntry(r: DuckDBValue[]): AlertHistoryEntry {
  const [seq, at, kind, alertId, rule, severity, groupKey, receivers, level, by, value, labels, detail] = r
  return {
    seq: toNumber(seq),
    at: toNumber(at),
    kind: String(kind) as AlertHistoryKind,
    alertId: alertId === null ? null : String(alertId),
    rule: rule === null ? null : String(rule),
    severity: severity === null ? null : (String(severity) as Severity),
    groupKey: groupKey === null ? null : String(groupKey),
    receivers: JSON.parse(String(receivers)) as string[],
    level: level === null ? null : toNumber(level),
    by: by === null ? null : String(by),
    value: value === null ? null : (value as number),
    labels: JSON.parse(String(labels)) as Labels,
    detail: String(detail)
  }
}
