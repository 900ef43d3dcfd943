// Looks for a string everywhere stored data can hide it: the raw bytes of files (the DuckDB file,
// its WAL, an archive), and the decoded rows of every table of a DuckDB file or Parquet file
// (DuckDB compresses strings, so a byte scan alone could miss a value that is still there).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { extractMember, readArchiveIndex } from '../../src/main/archive/archive-reader'

/** Which of `needles` occur in the bytes of `file` (and `file.wal` when present). */
export function bytesContaining(file: string, needles: readonly string[]): string[] {
  const chunks = [file, `${file}.wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))
  return needles.filter((n) => chunks.some((b) => b.includes(Buffer.from(n, 'utf8'))))
}

/** Every row of every table of a closed DuckDB file, as JSON text (opened read-only). */
export async function databaseText(file: string): Promise<string> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const connection = await instance.connect()
  try {
    const tables = (await connection.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1`)).getRows()
    const parts: string[] = []
    for (const [name] of tables) {
      const rows = await connection.runAndReadAll(`SELECT * FROM "${String(name)}"`)
      parts.push(`${String(name)}: ${JSON.stringify(rows.getRowObjectsJson())}`)
    }
    return parts.join('\n')
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** Every member of a .vigil archive as text: Parquet members decoded row by row, the others as they are. */
export async function archiveText(path: string, workDir: string): Promise<string> {
  const index = await readArchiveIndex(path)
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  const parts: string[] = [readFileSync(path).toString('latin1')]
  try {
    let n = 0
    for (const member of index.members.keys()) {
      if (!member.endsWith('.parquet')) continue
      const file = join(workDir, `member-${n++}.parquet`)
      await extractMember(path, member, file, index)
      const rows = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`)
      parts.push(`${member}: ${JSON.stringify(rows.getRowObjectsJson())}`)
    }
    return parts.join('\n')
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
