// The append-only audit log (<data-dir>/audit.log): one JSON line per entry, hash-chained.
//
// Appends are serialised in this process and group-committed: entries that arrive while a write
// is in flight go out together in the next write, followed by one fsync; an append resolves only
// after the fsync of its batch, so an action reported as done is on disk (at most MAX_BATCH entries
// share one fsync). Each batch is written under a lock file (audit.log.lock) after re-reading the
// newest entry, so several processes on one data dir (serve plus `vigil secret set`) keep one chain.
//
// A crash mid-write leaves the last line without its newline. On open (and before every write)
// the log closes that line with a newline and appends an `audit.recovered` entry naming the torn
// bytes' length and SHA-256, chained to the last whole entry; `vigil audit verify` accepts exactly
// that pattern as a recovered torn write and flags anything else.
import { mkdir, open, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { readTail } from './audit-file'
import { withFileLock } from './file-lock'
import {
  entryHash,
  entryLine,
  GENESIS_HASH,
  parseEntryLine,
  sha256Hex,
  SYSTEM_ACTOR,
  type AuditEntry,
  type AuditEvent
} from './audit-entry'

/** File name of the log inside the data dir. */
export const AUDIT_FILE = 'audit.log'

/** Most entries written (and fsynced) together. */
export const MAX_BATCH = 256

/** What recording needs: the secrets helper, the server and the engine only see this. */
export interface AuditRecorder {
  /** Appends one entry; resolves with it once it is durable (fsynced). */
  append(event: AuditEvent): Promise<AuditEntry>
}

export interface AuditLogOptions {
  /** Clock for entry times (epoch ms); Date.now by default. */
  now?: () => number
}

/** An audit log file or its contents are unusable (names the file and what is wrong). */
export class AuditLogError extends Error {
  override name = 'AuditLogError'
}

interface Pending {
  event: AuditEvent
  resolve(entry: AuditEntry): void
  reject(err: Error): void
}

/** The log of one data dir; open it with AuditLog.open. */
export class AuditLog implements AuditRecorder {
  private queue: Pending[] = []
  /** True while drain() runs; set and cleared synchronously so an append never waits on a finished drain. */
  private draining = false
  private writing: Promise<void> = Promise.resolve()
  private closed = false

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private last: { seq: number; hash: string },
    private readonly now: () => number
  ) {}

  /** Opens (or creates) the log at `path`, recovering a torn last line. */
  static async open(path: string, opts: AuditLogOptions = {}): Promise<AuditLog> {
    await mkdir(dirname(path), { recursive: true })
    const handle = await open(path, 'a').catch((err: NodeJS.ErrnoException) => {
      throw new AuditLogError(`audit log ${path}: cannot open for appending: ${err.code ?? err.message}`)
    })
    await syncDir(dirname(path))
    const log = new AuditLog(path, handle, { seq: 0, hash: GENESIS_HASH }, opts.now ?? Date.now)
    try {
      await withFileLock(path + '.lock', () => log.resync())
    } catch (err) {
      await handle.close()
      throw err
    }
    return log
  }

  /** The log of a data dir: <dataDir>/audit.log. */
  static openInDataDir(dataDir: string, opts: AuditLogOptions = {}): Promise<AuditLog> {
    return AuditLog.open(join(dataDir, AUDIT_FILE), opts)
  }

  /** Sequence number and hash of the newest entry (0 and the genesis hash when empty). */
  head(): { seq: number; hash: string } {
    return { ...this.last }
  }

  append(event: AuditEvent): Promise<AuditEntry> {
    if (this.closed) return Promise.reject(new AuditLogError(`audit log ${this.path} is closed`))
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject })
      if (!this.draining) {
        this.draining = true
        this.writing = this.drain()
      }
    })
  }

  /** Waits for queued appends, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.writing
    await this.handle.close()
  }

  private async drain(): Promise<void> {
    // `draining` is cleared in the same job as the final empty-queue check (no await in between),
    // so an append made from a resolved caller's continuation always finds a drain to join or starts one.
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH)
        try {
          const entries = await withFileLock(this.path + '.lock', async () => {
            // Another process may have appended since our last write: chain on from the file.
            await this.resync()
            let { seq, hash } = this.last
            const built = batch.map((p) => {
              const entry = this.build(p.event, ++seq, hash)
              hash = entry.hash
              return entry
            })
            await this.writeDurably(built.map((e) => entryLine(e) + '\n').join(''))
            this.last = { seq, hash }
            return built
          })
          batch.forEach((p, i) => p.resolve(entries[i]))
        } catch (err) {
          const error = err instanceof AuditLogError ? err : new AuditLogError(`audit log ${this.path}: write failed: ${(err as Error).message}`)
          for (const p of batch) p.reject(error)
        }
      }
    } finally {
      this.draining = false
    }
  }

  private build(event: AuditEvent, seq: number, prev: string): AuditEntry {
    const body = {
      seq,
      time: new Date(this.now()).toISOString(),
      actor: { role: event.actor.role, via: event.actor.via },
      action: event.action,
      target: event.target,
      details: event.details,
      prev
    }
    return { ...body, hash: entryHash(body) }
  }

  private async writeDurably(text: string): Promise<void> {
    await this.handle.write(text)
    await this.handle.sync()
  }

  /** Reads the newest entry from the file; closes and records a torn last line (call under the lock). */
  private async resync(): Promise<void> {
    const tail = await readTail(this.path, 1)
    let last = { seq: 0, hash: GENESIS_HASH }
    if (tail.lines.length > 0) {
      const parsed = parseEntryLine(tail.lines[0].toString('utf8'))
      if ('problem' in parsed) {
        throw new AuditLogError(
          `audit log ${this.path}: the last entry is unreadable (${parsed.problem}); run "vigil audit verify" and move the file aside to start a new log`
        )
      }
      const { hash, ...rest } = parsed.entry
      if (entryHash(rest) !== hash) {
        throw new AuditLogError(`audit log ${this.path}: the last entry (seq ${rest.seq}) does not match its hash; run "vigil audit verify" and move the file aside to start a new log`)
      }
      last = { seq: rest.seq, hash }
    }
    this.last = last
    if (tail.torn !== null && this.completesChain(tail.torn, last)) {
      // Only the newline was lost: the entry itself is whole and chains on, so it stays as it is.
      const { entry } = parseEntryLine(tail.torn.toString('utf8')) as { entry: AuditEntry }
      await this.writeDurably('\n')
      this.last = { seq: entry.seq, hash: entry.hash }
    } else if (tail.torn !== null) {
      const recovery = this.build(
        { actor: SYSTEM_ACTOR, action: 'audit.recovered', target: null, details: { tornBytes: tail.torn.length, tornSha256: sha256Hex(tail.torn), afterSeq: last.seq } },
        last.seq + 1,
        last.hash
      )
      // The newline ends the torn line where it is (append-only: its bytes stay in the file).
      await this.writeDurably('\n' + entryLine(recovery) + '\n')
      this.last = { seq: recovery.seq, hash: recovery.hash }
    }
  }

  private completesChain(bytes: Buffer, last: { seq: number; hash: string }): boolean {
    const parsed = parseEntryLine(bytes.toString('utf8'))
    if ('problem' in parsed) return false
    const { hash, ...rest } = parsed.entry
    return rest.seq === last.seq + 1 && rest.prev === last.hash && entryHash(rest) === hash
  }
}

/** fsync a folder so a newly created file's name survives a crash (not supported everywhere). */
async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | null = null
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Some platforms (Windows) cannot open or sync a folder; the file's own fsync still holds.
  } finally {
    await handle?.close()
  }
}
