// Review mode reads an archive's Parquet members in place, but DuckDB cannot read a file inside a
// tar, so each member is streamed once (checked against the manifest's SHA-256 on the way, never
// held whole in memory) into a cache folder named after the manifest's own hash. Reopening the
// same archive reuses the folder.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { extractMember, type ArchiveIndex } from '../archive/archive-reader'

/** Marker written once every member of a cache folder is in place. */
const COMPLETE_MARKER = 'complete.json'

export interface CachedMember {
  /** Member path in the archive, e.g. "data/samples.parquet". */
  name: string
  /** File name in the cache folder. */
  fileName: string
}

/**
 * Extracts `members` of the archive into `folder` unless a complete copy is already there (the
 * marker lists the same checksums and every file has its size); returns each member's file.
 */
export async function cacheMembers(archive: string, index: ArchiveIndex, folder: string, members: readonly CachedMember[]): Promise<Map<string, string>> {
  const files = new Map(members.map((m) => [m.name, join(folder, m.fileName)]))
  const listed = new Map(index.manifest.members.map((m) => [m.path, m]))
  const expected = members.map((m) => {
    const entry = listed.get(m.name)
    if (!entry) throw new Error(`the manifest does not list ${m.name}`)
    return { name: m.name, sha256: entry.sha256, bytes: entry.bytes }
  })
  if (await isComplete(folder, expected, files)) return files
  await mkdir(folder, { recursive: true })
  for (const m of members) {
    const dest = files.get(m.name)!
    // Under a temporary name until complete and verified, so a failed copy never looks cached.
    const partial = `${dest}.${process.pid}-${randomBytes(4).toString('hex')}.partial`
    try {
      await extractMember(archive, m.name, partial, index)
      await rename(partial, dest)
    } finally {
      await rm(partial, { force: true })
    }
  }
  await writeFile(join(folder, COMPLETE_MARKER), JSON.stringify({ members: expected }))
  return files
}

async function isComplete(folder: string, expected: { name: string; sha256: string; bytes: number }[], files: Map<string, string>): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(join(folder, COMPLETE_MARKER), 'utf8')) as { members?: { name: string; sha256: string }[] }
    const have = new Map((marker.members ?? []).map((m) => [m.name, m.sha256]))
    if (have.size !== expected.length || expected.some((m) => have.get(m.name) !== m.sha256)) return false
    for (const m of expected) if ((await stat(files.get(m.name)!)).size !== m.bytes) return false
    return true
  } catch {
    return false
  }
}
