// Reading a `.vigil` file in place: the index (manifest + where each member's bytes are) and
// one member streamed to a file, for review mode. Nothing here loads a whole member.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { MANIFEST_MEMBER, type ArchiveManifest } from './format'
import { MAX_MANIFEST_BYTES, parseManifest } from './manifest'
import { scanTar, type TarEntry } from './tar-reader'
import { readRange } from './read-range'

export interface ArchiveIndex {
  manifest: ArchiveManifest
  /** Every member (the manifest too) by path: byte offset of its data and its size. */
  members: Map<string, { offset: number; size: number }>
}

/** Reads the archive's structure and manifest; throws one Error listing what is wrong (use verifyArchive for checksums). */
export async function readArchiveIndex(path: string): Promise<ArchiveIndex> {
  const scan = await scanTar(path).catch((err: Error) => {
    throw new Error(`cannot read archive ${path}: ${err.message}`)
  })
  const problems = [...scan.problems]
  const first = scan.entries[0]
  const manifestEntry = manifestProblem(first, scan.entries)
  if (typeof manifestEntry === 'string') problems.unshift(manifestEntry)
  if (problems.length > 0 || typeof manifestEntry === 'string') throw new Error(`archive ${path} cannot be read: ${problems.join('; ')}`)
  const parsed = parseManifest((await readRange(path, manifestEntry.offset, manifestEntry.size)).toString('utf8'))
  if (!parsed.ok) throw new Error(`archive ${path} cannot be read: ${parsed.problem}`)
  const members = new Map(scan.entries.map((e) => [e.name, { offset: e.offset, size: e.size }]))
  return { manifest: parsed.manifest, members }
}

/** The manifest's entry when it comes first and is of a sane size, else what is wrong. */
export function manifestProblem(first: TarEntry | undefined, entries: readonly TarEntry[]): TarEntry | string {
  if (!first) return `missing member ${MANIFEST_MEMBER} (the archive is empty)`
  if (first.name !== MANIFEST_MEMBER) {
    return entries.some((e) => e.name === MANIFEST_MEMBER)
      ? `${MANIFEST_MEMBER} must be the first member (found ${first.name} first)`
      : `missing member ${MANIFEST_MEMBER} (not a Vigil archive?)`
  }
  if (first.size > MAX_MANIFEST_BYTES) return `${MANIFEST_MEMBER} is ${first.size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`
  return first
}

/**
 * Streams one member to `destFile` and checks its SHA-256 against the manifest on the way; a
 * mismatch deletes the file and throws "checksum mismatch for <member>". Pass the index to skip re-reading it.
 */
export async function extractMember(path: string, member: string, destFile: string, index?: ArchiveIndex): Promise<void> {
  const idx = index ?? (await readArchiveIndex(path))
  const where = idx.members.get(member)
  if (!where) throw new Error(`archive ${path} has no member ${member}`)
  const listed = idx.manifest.members.find((m) => m.path === member)
  const hash = createHash('sha256')
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    }
  })
  try {
    if (where.size === 0) await writeFile(destFile, Buffer.alloc(0))
    else await pipeline(createReadStream(path, { start: where.offset, end: where.offset + where.size - 1 }), hasher, createWriteStream(destFile))
  } catch (err) {
    await rm(destFile, { force: true })
    throw new Error(`cannot extract ${member} from ${path} to ${destFile}: ${(err as Error).message}`)
  }
  if (listed && hash.digest('hex') !== listed.sha256) {
    await rm(destFile, { force: true })
    throw new Error(`checksum mismatch for ${member} in ${path}`)
  }
}

/** Lower-case hex SHA-256 of bytes [offset, offset + size) of a file, streamed. */
export async function hashRange(path: string, offset: number, size: number): Promise<string> {
  const hash = createHash('sha256')
  if (size > 0) {
    for await (const chunk of createReadStream(path, { start: offset, end: offset + size - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}
