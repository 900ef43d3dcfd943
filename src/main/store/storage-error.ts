// Storage faults (disk full, read-only data folder, a database DuckDB gave up on) told apart from
// bad input, so the API can answer 507/503 instead of 500 and the source health can say what to
// do. DuckDB reports them as IOException / FATAL messages; errno names cover Node's own fs calls.

/** disk_full: no space or quota left; read_only: the folder or file cannot be written; invalidated: DuckDB refuses further use until the database is reopened. */
export type StorageProblem = 'disk_full' | 'read_only' | 'invalidated'

/** A write (or read) that failed because of the storage under the metric store, not because of its input. */
export class StorageError extends Error {
  override name = 'StorageError'
  constructor(
    message: string,
    readonly problem: StorageProblem,
    /** The database file concerned. */
    readonly path: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

const DISK_FULL = /No space left on device|ENOSPC|Disk quota exceeded|EDQUOT|File too large|EFBIG/i
const READ_ONLY = /Read-only file system|EROFS|Permission denied|EACCES|EPERM|Operation not permitted/i
const INVALIDATED = /database has been invalidated|FATAL Error/i

/** Which storage fault `err` reports, or null for any other error. Disk full and read-only win over "invalidated" (which usually wraps one of them). */
export function storageProblem(err: unknown): StorageProblem | null {
  const text = errorText(err)
  if (DISK_FULL.test(text)) return 'disk_full'
  if (READ_ONLY.test(text)) return 'read_only'
  if (INVALIDATED.test(text)) return 'invalidated'
  return null
}

/** True when DuckDB has invalidated the database instance: nothing works on it until it is reopened. */
export function isInvalidated(err: unknown): boolean {
  return INVALIDATED.test(errorText(err))
}

/** The one-line explanation of a problem for `where` (the store's quoted path), with what to do. */
export function describeProblem(problem: StorageProblem, where: string, detail: string): string {
  switch (problem) {
    case 'disk_full':
      return `metric store ${where}: the disk is full (${detail}); nothing more is stored until space is freed, then writes resume by themselves`
    case 'read_only':
      return `metric store ${where}: the data folder cannot be written (${detail}); make it writable again (e.g. remount it read-write), then writes resume`
    case 'invalidated':
      return `metric store ${where}: DuckDB stopped the database after a storage failure (${detail}); it is reopened on the next write`
  }
}

/** The first line of an error's message, plus its cause's (DuckDB wraps the errno text). */
export function errorText(err: unknown): string {
  const parts: string[] = []
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    parts.push(e instanceof Error ? e.message : String(e))
    e = e instanceof Error ? e.cause : undefined
  }
  return parts.join(' | ')
}
