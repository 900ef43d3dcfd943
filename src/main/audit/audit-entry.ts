// One audit entry: what happened, who did it, and its place in the hash chain.
//
// Each entry carries `prev` (the hash of the entry before it; 64 zeros for the first) and `hash`
// (SHA-256 over a canonical serialisation of every other field, `prev` included). Editing,
// deleting or reordering an entry therefore breaks the chain at that point.
import { createHash } from 'node:crypto'

/** Who acted: a token's role, or the engine itself (config file reloads, scheduled reports, recovery). */
export type AuditRole = 'viewer' | 'operator' | 'admin' | 'system'

/** How the actor reached Vigil. `engine` is the engine acting on its own (no token involved). */
export type AuditVia = 'bearer' | 'cookie' | 'cli' | 'desktop' | 'engine'

export interface AuditActor {
  role: AuditRole
  via: AuditVia
}

/** The actions Vigil records (a string union, so callers name them consistently). */
export type AuditAction =
  | 'login'
  | 'login.failed'
  | 'config.reload'
  | 'config.rejected'
  | 'alert.ack'
  | 'alert.noise'
  | 'annotation.add'
  | 'silence.create'
  | 'silence.expire'
  | 'export.archive'
  | 'report.generate'
  | 'secret.set'
  | 'secret.delete'
  | 'audit.recovered'

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** What a caller records; the log adds seq, time, prev and hash. */
export interface AuditEvent {
  actor: AuditActor
  action: AuditAction
  /** What was acted on (an alert id, a silence id, a file, a secret's name); null when nothing in particular. */
  target: string | null
  /** Facts about the action; never secret values. */
  details: { [key: string]: JsonValue }
}

export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3 … without gaps. */
  seq: number
  /** ISO 8601 UTC. */
  time: string
  prev: string
  hash: string
}

/** `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/** The engine acting on its own behalf. */
export const SYSTEM_ACTOR: AuditActor = { role: 'system', via: 'engine' }

const HASH_DOMAIN = 'vigil-audit-v1\n'
const ROLES: readonly string[] = ['viewer', 'operator', 'admin', 'system']
const VIAS: readonly string[] = ['bearer', 'cookie', 'cli', 'desktop', 'engine']

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/** SHA-256 (hex) of an entry's fields except `hash` itself. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = {
    seq: entry.seq,
    time: entry.time,
    actor: { role: entry.actor.role, via: entry.actor.via },
    action: entry.action,
    target: entry.target,
    details: entry.details,
    prev: entry.prev
  }
  return createHash('sha256').update(HASH_DOMAIN).update(canonicalJson(fields)).digest('hex')
}

/** The line written for an entry (without the newline). */
export function entryLine(entry: AuditEntry): string {
  const { seq, time, actor, action, target, details, prev, hash } = entry
  return JSON.stringify({ seq, time, actor: { role: actor.role, via: actor.via }, action, target, details, prev, hash })
}

/** Parses one line into an entry, or says why it is not one (shape only; the hash is checked by the caller). */
export function parseEntryLine(line: string): { entry: AuditEntry } | { problem: string } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { problem: 'not valid JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' }
  const v = value as Record<string, unknown>
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) return { problem: '"seq" is not a positive whole number' }
  if (typeof v.time !== 'string') return { problem: '"time" is not a string' }
  const actor = v.actor as Record<string, unknown> | null
  if (typeof actor !== 'object' || actor === null || !ROLES.includes(actor.role as string) || !VIAS.includes(actor.via as string)) {
    return { problem: '"actor" is not {role, via}' }
  }
  if (typeof v.action !== 'string') return { problem: '"action" is not a string' }
  if (v.target !== null && typeof v.target !== 'string') return { problem: '"target" is not a string or null' }
  if (typeof v.details !== 'object' || v.details === null || Array.isArray(v.details)) return { problem: '"details" is not an object' }
  if (!isHash(v.prev)) return { problem: '"prev" is not a SHA-256 hex digest' }
  if (!isHash(v.hash)) return { problem: '"hash" is not a SHA-256 hex digest' }
  return { entry: value as AuditEntry }
}

function isHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
}

/** SHA-256 (hex) of raw bytes (torn writes are identified by it). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
