// How storage faults are told apart from other errors (DuckDB's and Node's wording) and mapped to HTTP statuses.
import { describe, expect, it } from 'vitest'
import { StorageError, isInvalidated, storageProblem } from '../../src/main/store/storage-error'
import { storageStatus } from '../../src/main/server/write-route'

describe('storage faults', () => {
  it('classifies DuckDB and errno messages, including ones wrapped as a cause', () => {
    expect(storageProblem(new Error('TransactionContext Error: Failed to commit: Could not write file "/d/vigil.duckdb.wal": No space left on device'))).toBe('disk_full')
    expect(storageProblem(new Error('append failed', { cause: new Error('EDQUOT: Disk quota exceeded') }))).toBe('disk_full')
    expect(storageProblem(new Error('IO Error: Cannot open file "/d/vigil.duckdb": Read-only file system'))).toBe('read_only')
    expect(storageProblem(new Error('EACCES: permission denied, open \'/d/vigil.duckdb.wal\''))).toBe('read_only')
    const invalidated = new Error('FATAL Error: Failed: database has been invalidated because of a previous fatal error.')
    expect(storageProblem(invalidated)).toBe('invalidated')
    expect(isInvalidated(invalidated)).toBe(true)
    // A checkpoint that failed on a full disk is reported as disk full (what the user can fix).
    expect(storageProblem(new Error('FATAL Error: Failed to create checkpoint because of error: Could not write file "/d/vigil.duckdb": No space left on device'))).toBe('disk_full')
    expect(storageProblem(new Error('Constraint Error: duplicate key "3"'))).toBeNull()
    expect(storageProblem('no space')).toBeNull()
  })

  it('maps a full disk to 507 and a read-only or reopening store to 503; other errors are not storage faults', () => {
    expect(storageStatus(new StorageError('full', 'disk_full', '/d/vigil.duckdb'))).toBe(507)
    expect(storageStatus(new StorageError('ro', 'read_only', '/d/vigil.duckdb'))).toBe(503)
    expect(storageStatus(new StorageError('reopening', 'invalidated', '/d/vigil.duckdb'))).toBe(503)
    expect(storageStatus(new Error('No space left on device'))).toBeNull()
    expect(storageStatus('StorageError')).toBeNull()
  })
})
