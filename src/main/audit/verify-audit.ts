// Checks an audit file's hash chain from the first entry to the last and names the first bad one.
import { readRawLines } from './audit-file'
import { entryHash, GENESIS_HASH, parseEntryLine, sha256Hex, type AuditEntry } from './audit-entry'

export type AuditProblemKind = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'unreadable'

export interface AuditProblem {
  kind: AuditProblemKind
  /** 1-based line of the first bad entry. */
  line: number
  /** Its seq when it could be read. */
  seq: number | null
  message: string
}

export interface AuditVerifyResult {
  /** Whole entries read (including any after the first problem). */
  entries: number
  /** The newest entry of the intact chain (seq 0 and the genesis hash when empty). */
  head: { seq: number; hash: string }
  firstTime: string | null
  lastTime: string | null
  /** Torn writes the log recovered from (a crash mid-write): not a problem. */
  recovered: { line: number; bytes: number }[]
  problem: AuditProblem | null
}

interface Seen {
  line: number
  entry: AuditEntry | null
  bytes: Buffer
  terminated: boolean
  parseProblem: string | null
}

/** Verifies the file at `path` (a missing file is an empty, valid log). */
export async function verifyAuditFile(path: string): Promise<AuditVerifyResult> {
  const seen: Seen[] = []
  for await (const raw of readRawLines(path)) {
    const parsed = raw.terminated ? parseEntryLine(raw.bytes.toString('utf8')) : null
    seen.push({
      line: raw.line,
      entry: parsed && 'entry' in parsed ? parsed.entry : null,
      bytes: raw.bytes,
      terminated: raw.terminated,
      parseProblem: parsed && 'problem' in parsed ? parsed.problem : null
    })
  }
  return verifyLines(seen)
}

function verifyLines(seen: Seen[]): AuditVerifyResult {
  const result: AuditVerifyResult = {
    entries: seen.filter((s) => s.entry !== null).length,
    head: { seq: 0, hash: GENESIS_HASH },
    firstTime: null,
    lastTime: null,
    recovered: [],
    problem: null
  }
  // Where each seq sits, to tell a missing entry (deleted) from one that moved (reordered).
  const lineOfSeq = new Map<number, number>()
  for (const s of seen) if (s.entry) lineOfSeq.set(s.entry.seq, s.line)

  const fail = (s: Seen, kind: AuditProblemKind, message: string): AuditVerifyResult => {
    result.problem = { kind, line: s.line, seq: s.entry?.seq ?? null, message: `line ${s.line}${s.entry ? ` (seq ${s.entry.seq})` : ''}: ${kind}: ${message}` }
    return result
  }

  let expectedSeq = 1
  let prev = GENESIS_HASH
  for (let i = 0; i < seen.length; i++) {
    const s = seen[i]
    if (!s.terminated) {
      return fail(s, 'truncated', `the file ends in the middle of an entry (${s.bytes.length} bytes without a newline: a write was cut off, e.g. by a crash); the ${expectedSeq - 1} entries before it are intact, and Vigil records the recovery when it next opens the log`)
    }
    if (s.entry === null) {
      const next = seen[i + 1]
      if (next?.entry && isRecoveryOf(next.entry, s.bytes, prev, expectedSeq)) {
        result.recovered.push({ line: s.line, bytes: s.bytes.length })
        continue
      }
      return fail(s, 'unreadable', `${s.parseProblem ?? 'not an entry'} (the line was edited or damaged)`)
    }
    const e = s.entry
    const { hash, ...rest } = e
    if (entryHash(rest) !== hash) return fail(s, 'edited', 'the entry does not match its hash (a field was changed)')
    if (e.seq !== expectedSeq) {
      const at = lineOfSeq.get(expectedSeq)
      if (at !== undefined) return fail(s, 'reordered', `expected seq ${expectedSeq} here, but it is on line ${at}`)
      if (e.seq > expectedSeq) {
        const missing = e.seq - expectedSeq === 1 ? `entry ${expectedSeq} is` : `entries ${expectedSeq}-${e.seq - 1} are`
        return fail(s, 'deleted', `${missing} missing`)
      }
      return fail(s, 'reordered', `seq ${e.seq} comes after seq ${expectedSeq - 1}`)
    }
    if (e.prev !== prev) {
      return fail(s, 'edited', `its "prev" does not match the hash of entry ${expectedSeq - 1} (that entry was changed and re-hashed, or this one was)`)
    }
    prev = hash
    expectedSeq++
    result.head = { seq: e.seq, hash }
    result.firstTime ??= e.time
    result.lastTime = e.time
  }
  return result
}

/** An `audit.recovered` entry that names exactly these torn bytes and chains on from the entry before them. */
function isRecoveryOf(entry: AuditEntry, torn: Buffer, prev: string, seq: number): boolean {
  const d = entry.details
  return entry.action === 'audit.recovered' && entry.seq === seq && entry.prev === prev && d.tornBytes === torn.length && d.tornSha256 === sha256Hex(torn)
}

/** One line: "N entries, chain intact, head …" or the problem. */
export function formatVerifyResult(path: string, r: AuditVerifyResult): string {
  if (r.problem) return `${path}: ${r.problem.message}`
  const span = r.firstTime ? ` from ${r.firstTime} to ${r.lastTime}` : ''
  const recovered =
    r.recovered.length > 0 ? `; ${r.recovered.length} torn write${r.recovered.length > 1 ? 's' : ''} recovered (line ${r.recovered.map((x) => x.line).join(', ')})` : ''
  return `${path}: ${r.entries} entries${span}, hash chain intact; head seq ${r.head.seq} hash ${r.head.hash}${recovered}`
}
