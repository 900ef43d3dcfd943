// The notification outbox: every alert notification is written here BEFORE it is sent, then
// claimed, sent and marked delivered or failed. (receiver, dedup key) is unique, so enqueueing
// the same notification twice records it once; a row claimed (`sending`) when the process died is
// handed out again after a restart. Delivery is therefore at-least-once to the receiver, and every
// repeat carries the same dedup key, which receivers deduplicate on ("exactly-once by dedup key").
import { createHash } from 'node:crypto'
import { BIGINT, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { DuckDBValue } from '@duckdb/node-api'
import type { TableAccess } from './table-access'
import type { Sql } from './sql'
import { toNumber } from './sql'

export const OUTBOX_STATES = ['pending', 'sending', 'delivered', 'failed'] as const
/** pending: waiting for its next attempt; sending: claimed by a dispatcher; delivered / failed: final. */
export type OutboxState = (typeof OUTBOX_STATES)[number]

/** Longest dedup key, receiver id, group key or kind accepted. */
export const MAX_OUTBOX_KEY = 1024
/** Largest payload (JSON text, UTF-16 code units) accepted. */
export const MAX_OUTBOX_PAYLOAD = 4_000_000
/** Longest stored error text; longer ones are cut. */
const MAX_ERROR_TEXT = 2000
const DEFAULT_LIST_LIMIT = 200
export const MAX_OUTBOX_LIST_LIMIT = 5000

export interface OutboxInput {
  /** Identifies the notification; the same key for the same receiver is recorded once. */
  dedupKey: string
  receiver: string
  /** The alert group it concerns; notifications of one group reach one receiver in enqueue order. */
  groupKey: string
  /** firing, resolved, escalated… (free text to the outbox). */
  kind: string
  /** Escalation level (0 for the first). */
  level: number
  /** One-line description for the notification log. */
  summary: string
  /** What the receiver needs to render the notification; stored as JSON. */
  payload: unknown
}

/** A row as the notification log shows it. */
export interface OutboxEntry {
  /** Derived from (receiver, dedupKey): stable across retries and restarts. */
  id: string
  dedupKey: string
  receiver: string
  groupKey: string
  kind: string
  level: number
  summary: string
  state: OutboxState
  /** Attempts started so far (a claim counts as one). */
  attempts: number
  /** When a pending row is due (epoch ms); for final rows, when it became final. */
  nextAttemptAt: number
  lastError: string | null
  created: number
  updated: number
  deliveredAt: number | null
}

/** A claimed row, with its payload, ready to send. */
export interface OutboxRow extends OutboxEntry {
  payload: unknown
}

export interface OutboxEnqueueResult {
  id: string
  /** False when the (receiver, dedupKey) pair was already recorded (the call changed nothing). */
  inserted: boolean
}

export interface ClaimOptions {
  /** Most rows in `sending` per receiver, counting `busy` (default: no per-receiver limit). */
  perReceiver?: number
  /** Sends already running per receiver id (they count against perReceiver). */
  busy?: Record<string, number>
}

export interface OutboxFailure {
  /** Why the attempt failed (no secret values: the caller scrubs them). */
  error: string
  /** Epoch ms of the next attempt; null = permanent failure, never retried. */
  retryAt: number | null
}

export interface OutboxQuery {
  receiver?: string
  state?: OutboxState
  groupKey?: string
  /** Rows created at or after this (epoch ms). */
  since?: number
  /** Rows created before this (epoch ms). */
  until?: number
  /** Newest first, at most this many (default 200, at most 5000). */
  limit?: number
}

/** The outbox as the rest of the engine sees it (the metric store exposes one). */
export interface NotificationOutbox {
  /** Records a notification as pending and due at `now`; a repeat of (receiver, dedupKey) is ignored. */
  enqueue(input: OutboxInput, now: number): Promise<OutboxEnqueueResult>
  /** Marks up to `limit` due pending rows `sending` (one attempt each) and returns them, oldest due first; a row waits while an older row of its (receiver, group) is unfinished. */
  claimDue(now: number, limit: number, opts?: ClaimOptions): Promise<OutboxRow[]>
  /** Records a claimed row as delivered; false when the row was not in `sending`. */
  markDelivered(id: string, now: number): Promise<boolean>
  /** Records a failed attempt of a claimed row: pending again at retryAt, or failed for good; false when the row was not in `sending`. */
  markFailed(id: string, now: number, failure: OutboxFailure): Promise<boolean>
  /** When the next pending row that is not waiting behind an older one of its (receiver, group) is due; null when none is pending. */
  nextDue(): Promise<number | null>
  /** Makes every `sending` row (left by a process that stopped mid-send) pending and due at `now`; returns how many. Call once, before dispatching. */
  requeueInterrupted(now: number): Promise<number>
  /** One row with its payload, or null. */
  get(id: string): Promise<OutboxRow | null>
  /** The notification log, newest first. */
  list(query?: OutboxQuery): Promise<OutboxEntry[]>
  /** Deletes delivered and failed rows last updated before `cutoff`; returns how many. */
  prune(cutoff: number): Promise<number>
}

/** The stable id of a notification for one receiver. */
export function outboxId(receiver: string, dedupKey: string): string {
  return createHash('sha256').update(receiver).update('\u0000').update(dedupKey).digest('hex').slice(0, 32)
}

const ENTRY_COLUMNS = `id, dedup_key, receiver, group_key, kind, level, summary, state, attempts, next_attempt_at, last_error, created, updated, delivered_at`

/** Inserts a pending row unless (receiver, dedup key) exists. */
export async function enqueueOutbox(sql: Sql, input: OutboxInput, now: number): Promise<OutboxEnqueueResult> {
  const n = checkInput(input)
  const at = checkTime(now, 'outbox enqueue: now')
  const id = outboxId(n.receiver, n.dedupKey)
  const changed = await sql.exec(
    `INSERT INTO notification_outbox (id, dedup_key, receiver, group_key, kind, level, summary, payload, state, attempts, next_attempt_at, last_error, created, updated, delivered_at)
     VALUES ($id, $dedup_key, $receiver, $group_key, $kind, $level, $summary, $payload, 'pending', 0, $now, NULL, $now, $now, NULL)
     ON CONFLICT DO NOTHING`,
    {
      id,
      dedup_key: n.dedupKey,
      receiver: n.receiver,
      group_key: n.groupKey,
      kind: n.kind,
      level: n.level,
      summary: n.summary,
      payload: n.payloadJson,
      now: BigInt(at)
    },
    { id: VARCHAR, dedup_key: VARCHAR, receiver: VARCHAR, group_key: VARCHAR, kind: VARCHAR, level: INTEGER, summary: VARCHAR, payload: VARCHAR, now: BIGINT }
  )
  return { id, inserted: changed > 0 }
}

/** Claims due rows (see NotificationOutbox.claimDue). */
export async function claimDueOutbox(sql: Sql, now: number, limit: number, opts: ClaimOptions = {}): Promise<OutboxRow[]> {
  const at = checkTime(now, 'outbox claimDue: now')
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`outbox claimDue: limit must be a whole number ≥ 0, got ${String(limit)}`)
  if (limit === 0) return []
  const perReceiver = opts.perReceiver ?? limit
  if (!Number.isInteger(perReceiver) || perReceiver < 1) {
    throw new Error(`outbox claimDue: perReceiver must be a whole number ≥ 1, got ${String(opts.perReceiver)}`)
  }
  const busy = Object.entries(opts.busy ?? {}).filter(([, count]) => count > 0)
  // A row is eligible when due and no older row of its (receiver, group) is unfinished, so a
  // receiver never sees a group's "resolved" before its "firing". Per receiver, the oldest due
  // rows fill what is left of its allowance; the claim and the attempt count are one statement.
  const rows = await sql.rows(
    `UPDATE notification_outbox SET state = 'sending', attempts = attempts + 1, updated = $now
     WHERE id IN (
       SELECT id FROM (
         SELECT c.id, c.next_attempt_at, c.seq,
                row_number() OVER (PARTITION BY c.receiver ORDER BY c.next_attempt_at, c.seq) AS rank,
                coalesce(list_extract($busy_counts, list_position($busy_receivers, c.receiver)), 0) AS busy
         FROM notification_outbox c
         WHERE c.state = 'pending' AND c.next_attempt_at <= $now
           AND NOT EXISTS (
             SELECT 1 FROM notification_outbox p
             WHERE p.receiver = c.receiver AND p.group_key = c.group_key AND p.seq < c.seq AND p.state IN ('pending', 'sending')
           )
       )
       WHERE rank + busy <= $per_receiver
       ORDER BY next_attempt_at, seq
       LIMIT $limit
     )
     RETURNING ${ENTRY_COLUMNS}, payload, seq`,
    {
      now: BigInt(at),
      busy_receivers: listValue(busy.map(([r]) => r)),
      busy_counts: listValue(busy.map(([, count]) => Math.trunc(count))),
      per_receiver: perReceiver,
      limit
    },
    { now: BIGINT, busy_receivers: LIST(VARCHAR), busy_counts: LIST(INTEGER), per_receiver: INTEGER, limit: INTEGER }
  )
  // RETURNING does not keep the subquery's order.
  return rows
    .map((r) => ({ row: toRow(r), seq: toNumber(r[15]) }))
    .sort((a, b) => a.row.nextAttemptAt - b.row.nextAttemptAt || a.seq - b.seq)
    .map((x) => x.row)
}

/** Marks a `sending` row delivered. */
export async function markOutboxDelivered(sql: Sql, id: string, now: number): Promise<boolean> {
  checkId(id, 'markDelivered')
  const at = BigInt(checkTime(now, 'outbox markDelivered: now'))
  const changed = await sql.exec(
    `UPDATE notification_outbox SET state = 'delivered', delivered_at = $now, updated = $now, next_attempt_at = $now, last_error = NULL
     WHERE id = $id AND state = 'sending'`,
    { id, now: at },
    { id: VARCHAR, now: BIGINT }
  )
  return changed > 0
}

/** Records a failed attempt of a `sending` row. */
export async function markOutboxFailed(sql: Sql, id: string, now: number, failure: OutboxFailure): Promise<boolean> {
  checkId(id, 'markFailed')
  const at = checkTime(now, 'outbox markFailed: now')
  if (typeof failure !== 'object' || failure === null) throw new Error('outbox markFailed: failure must be { error, retryAt }')
  const retryAt = failure.retryAt === null ? null : checkTime(failure.retryAt, 'outbox markFailed: retryAt')
  const error = clipError(typeof failure.error === 'string' && failure.error !== '' ? failure.error : 'unknown error')
  const changed = await sql.exec(
    `UPDATE notification_outbox SET state = $state, next_attempt_at = $next, last_error = $error, updated = $now
     WHERE id = $id AND state = 'sending'`,
    { id, state: retryAt === null ? 'failed' : 'pending', next: BigInt(retryAt ?? at), error, now: BigInt(at) },
    { id: VARCHAR, state: VARCHAR, next: BIGINT, error: VARCHAR, now: BIGINT }
  )
  return changed > 0
}

/** Earliest due time of a claimable pending row. */
export async function nextDueOutbox(sql: Sql): Promise<number | null> {
  const [[next]] = await sql.rows(
    `SELECT min(c.next_attempt_at) FROM notification_outbox c
     WHERE c.state = 'pending' AND NOT EXISTS (
       SELECT 1 FROM notification_outbox p
       WHERE p.receiver = c.receiver AND p.group_key = c.group_key AND p.seq < c.seq AND p.state IN ('pending', 'sending')
     )`
  )
  return next === null ? null : toNumber(next)
}

/** Returns `sending` rows to pending, due at `now`. */
export function requeueInterruptedOutbox(sql: Sql, now: number): Promise<number> {
  const at = BigInt(checkTime(now, 'outbox requeueInterrupted: now'))
  return sql.exec(
    `UPDATE notification_outbox
     SET state = 'pending', next_attempt_at = $now, updated = $now,
         last_error = 'interrupted while sending (Vigil stopped before the receiver answered); sent again with the same dedup key'
     WHERE state = 'sending'`,
    { now: at },
    { now: BIGINT }
  )
}

/** One row with its payload. */
export async function getOutbox(sql: Sql, id: string): Promise<OutboxRow | null> {
  checkId(id, 'get')
  const rows = await sql.rows(`SELECT ${ENTRY_COLUMNS}, payload FROM notification_outbox WHERE id = $id`, { id }, { id: VARCHAR })
  return rows.length === 0 ? null : toRow(rows[0])
}

/** The log, newest first. */
export async function listOutbox(sql: Sql, query: OutboxQuery = {}): Promise<OutboxEntry[]> {
  const q = checkQuery(query)
  const rows = await sql.rows(
    `SELECT ${ENTRY_COLUMNS} FROM notification_outbox
     WHERE ($receiver IS NULL OR receiver = $receiver)
       AND ($state IS NULL OR state = $state)
       AND ($group_key IS NULL OR group_key = $group_key)
       AND created >= $since AND created < $until
     ORDER BY created DESC, seq DESC
     LIMIT $limit`,
    {
      receiver: q.receiver ?? null,
      state: q.state ?? null,
      group_key: q.groupKey ?? null,
      since: BigInt(q.since),
      until: BigInt(q.until),
      limit: q.limit
    },
    { receiver: VARCHAR, state: VARCHAR, group_key: VARCHAR, since: BIGINT, until: BIGINT, limit: INTEGER }
  )
  return rows.map(toEntry)
}

/** Deletes final rows last updated before `cutoff`. */
export function pruneOutbox(sql: Sql, cutoff: number): Promise<number> {
  const at = BigInt(checkTime(Math.floor(cutoff), 'outbox prune: cutoff'))
  return sql.exec(`DELETE FROM notification_outbox WHERE state IN ('delivered', 'failed') AND updated < $cutoff`, { cutoff: at }, { cutoff: BIGINT })
}

/** The outbox of one open store. */
export class StoreOutbox implements NotificationOutbox {
  constructor(private readonly access: TableAccess) {}

  enqueue(input: OutboxInput, now: number): Promise<OutboxEnqueueResult> {
    return this.access.write('outbox enqueue', (sql) => enqueueOutbox(sql, input, now))
  }

  claimDue(now: number, limit: number, opts?: ClaimOptions): Promise<OutboxRow[]> {
    return this.access.write('outbox claimDue', (sql) => claimDueOutbox(sql, now, limit, opts))
  }

  markDelivered(id: string, now: number): Promise<boolean> {
    return this.access.write('outbox markDelivered', (sql) => markOutboxDelivered(sql, id, now))
  }

  markFailed(id: string, now: number, failure: OutboxFailure): Promise<boolean> {
    return this.access.write('outbox markFailed', (sql) => markOutboxFailed(sql, id, now, failure))
  }

  nextDue(): Promise<number | null> {
    return this.access.read('outbox nextDue', (sql) => nextDueOutbox(sql))
  }

  requeueInterrupted(now: number): Promise<number> {
    return this.access.write('outbox requeueInterrupted', (sql) => requeueInterruptedOutbox(sql, now))
  }

  get(id: string): Promise<OutboxRow | null> {
    return this.access.read('outbox get', (sql) => getOutbox(sql, id))
  }

  list(query?: OutboxQuery): Promise<OutboxEntry[]> {
    return this.access.read('outbox list', (sql) => listOutbox(sql, query))
  }

  prune(cutoff: number): Promise<number> {
    return this.access.write('outbox prune', (sql) => pruneOutbox(sql, cutoff))
  }

}

interface CheckedInput {
  dedupKey: string
  receiver: string
  groupKey: string
  kind: string
  level: number
  summary: string
  payloadJson: string
}

function checkInput(input: OutboxInput): CheckedInput {
  if (typeof input !== 'object' || input === null) throw new Error('outbox enqueue needs a notification object')
  const receiver = checkKey(input.receiver, 'receiver', 'outbox enqueue')
  const where = `outbox enqueue for receiver "${receiver}"`
  const dedupKey = checkKey(input.dedupKey, 'dedupKey', where)
  const groupKey = checkKey(input.groupKey, 'groupKey', where)
  const kind = checkKey(input.kind, 'kind', where)
  if (!Number.isInteger(input.level) || input.level < 0 || input.level > 1000) {
    throw new Error(`${where}: level must be a whole number from 0 to 1000, got ${String(input.level)}`)
  }
  if (typeof input.summary !== 'string') throw new Error(`${where}: summary must be a string, got ${typeof input.summary}`)
  let payloadJson: string | undefined
  try {
    payloadJson = JSON.stringify(input.payload)
  } catch (err) {
    throw new Error(`${where}: payload cannot be stored as JSON: ${(err as Error).message}`)
  }
  if (payloadJson === undefined) throw new Error(`${where}: payload is ${typeof input.payload}, which JSON cannot store`)
  if (payloadJson.length > MAX_OUTBOX_PAYLOAD) {
    throw new Error(`${where}: payload is ${payloadJson.length} characters as JSON, over the limit of ${MAX_OUTBOX_PAYLOAD}`)
  }
  return { dedupKey, receiver, groupKey, kind, level: input.level, summary: input.summary.slice(0, MAX_OUTBOX_KEY), payloadJson }
}

function checkKey(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${where}: ${name} must be a non-empty string, got ${describe(value)}`)
  if (value.length > MAX_OUTBOX_KEY) throw new Error(`${where}: ${name} is ${value.length} characters, over the limit of ${MAX_OUTBOX_KEY}`)
  return value
}

function checkId(id: unknown, op: string): void {
  if (typeof id !== 'string' || id === '') throw new Error(`outbox ${op}: id must be a non-empty string, got ${describe(id)}`)
}

/** Whole epoch milliseconds within BIGINT-safe bounds. */
function checkTime(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e15) {
    throw new Error(`${what} must be epoch milliseconds, got ${String(value)}`)
  }
  return Math.trunc(value)
}

function checkQuery(q: OutboxQuery): Required<Pick<OutboxQuery, 'since' | 'until' | 'limit'>> & OutboxQuery {
  if (typeof q !== 'object' || q === null) throw new Error('outbox list needs a query object')
  for (const key of ['receiver', 'groupKey'] as const) {
    if (q[key] !== undefined && typeof q[key] !== 'string') throw new Error(`outbox list: ${key} must be a string, got ${describe(q[key])}`)
  }
  if (q.state !== undefined && !OUTBOX_STATES.includes(q.state)) {
    throw new Error(`outbox list: state ${JSON.stringify(q.state)} is not one of ${OUTBOX_STATES.join(', ')}`)
  }
  const since = q.since === undefined ? -8.64e15 : checkTime(Math.ceil(q.since), 'outbox list: since')
  const until = q.until === undefined ? 8.64e15 : checkTime(Math.ceil(q.until), 'outbox list: until')
  const limit = q.limit ?? DEFAULT_LIST_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_OUTBOX_LIST_LIMIT) {
    throw new Error(`outbox list: limit must be a whole number from 1 to ${MAX_OUTBOX_LIST_LIMIT}, got ${String(limit)}`)
  }
  return { ...q, since, until, limit }
}

function toEntry(r: DuckDBValue[]): OutboxEntry {
  const [id, dedupKey, receiver, groupKey, kind, level, summary, state, attempts, next, lastError, created, updated, deliveredAt] = r
  return {
    id: String(id),
    dedupKey: String(dedupKey),
    receiver: String(receiver),
    groupKey: String(groupKey),
    kind: String(kind),
    level: toNumber(level),
    summary: String(summary),
    state: String(state) as OutboxState,
    attempts: toNumber(attempts),
    nextAttemptAt: toNumber(next),
    lastError: lastError === null ? null : String(lastError),
    created: toNumber(created),
    updated: toNumber(updated),
    deliveredAt: deliveredAt === null ? null : toNumber(deliveredAt)
  }
}

function toRow(r: DuckDBValue[]): OutboxRow {
  const entry = toEntry(r)
  const text = String(r[14])
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch (err) {
    // Written by enqueue from JSON.stringify, so only a damaged file gets here; the dispatcher reports it.
    payload = { unreadable: `stored payload is not valid JSON: ${(err as Error).message}` }
  }
  return { ...entry, payload }
}

function clipError(text: string): string {
  return text.length <= MAX_ERROR_TEXT ? text : `${text.slice(0, MAX_ERROR_TEXT - 1)}…`
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  return typeof value
}
