// Compaction by copying: DuckDB marks deleted rows and frees their blocks, but the bytes stay in
// the file until a later write reuses the block (a CHECKPOINT or VACUUM does not clear them). So
// data deleted by retention can still be read from the raw file. Copying every table into a fresh
// file and swapping it in leaves only live rows. Runs on a closed store (DuckDB admits one process
// per file); the swap is a rename, so a crash leaves either the old file or the new one.
import { existsSync, openSync, fsyncSync, closeSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'

export interface CompactResult {
  bytesBefore: number
  bytesAfter: number
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`

/** Rewrites the (closed) database file at `path` with only its live rows; returns the sizes before and after. */
export async function compactDatabaseFile(path: string): Promise<CompactResult> {
  const file = resolve(path)
  if (!existsSync(file)) throw new Error(`compact: no database at "${file}"`)
  const wal = `${file}.wal`
  const bytesBefore = statSync(file).size + (existsSync(wal) ? statSync(wal).size : 0)
  const tmp = `${file}.compact`
  rmSync(tmp, { force: true })
  rmSync(`${tmp}.wal`, { force: true })
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(':memory:')
  } catch (err) {
    throw new Error(`compact "${file}": ${(err as Error).message}`, { cause: err })
  }
  const connection = await instance.connect()
  try {
    // Attached read-write first so a leftover WAL is checkpointed into the source before copying.
    await connection.run(`ATTACH ${sqlString(file)} AS vigil_src`)
    await connection.run(`CHECKPOINT vigil_src`)
    await connection.run(`ATTACH ${sqlString(tmp)} AS vigil_dst`)
    await connection.run(`COPY FROM DATABASE vigil_src TO vigil_dst`)
    await connection.run(`CHECKPOINT vigil_dst`)
    await connection.run(`DETACH vigil_dst`)
    await connection.run(`DETACH vigil_src`)
  } catch (err) {
    rmSync(tmp, { force: true })
    rmSync(`${tmp}.wal`, { force: true })
    const busy = /lock|already open|Conflicting/i.test((err as Error).message)
    throw new Error(`compact "${file}": ${busy ? 'the database is in use (stop Vigil first): ' : ''}${(err as Error).message}`, { cause: err })
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
  fsyncFile(tmp)
  rmSync(`${tmp}.wal`, { force: true })
  // The source was checkpointed above, so its WAL holds nothing; it must not outlive the swap
  // (a stale WAL would be replayed against the new file).
  rmSync(wal, { force: true })
  renameSync(tmp, file)
  fsyncFile(dirname(file))
  return { bytesBefore, bytesAfter: statSync(file).size }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
