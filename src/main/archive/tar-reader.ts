// Reads a ustar file's structure (headers only, by position; member data is never loaded) and
// reports what is wrong with it in words that name the byte and the member.
import { open } from 'node:fs/promises'
import { BLOCK, decodeHeader, isZeroBlock, padding } from './tar'

export interface TarEntry {
  name: string
  /** Byte offset of the member's data. */
  offset: number
  size: number
  /** Byte offset of its header. */
  headerOffset: number
}

export interface TarScan {
  entries: TarEntry[]
  /** Structural problems (truncation, corrupt headers, unexpected entry types); empty when sound. */
  problems: string[]
  fileSize: number
}

/** Most entries scanned (an archive has a dozen; this bounds the loop on hostile input). */
const MAX_ENTRIES = 10_000

/** Scans the tar at `path` header by header; never throws for bad content, only for an unreadable file. */
export async function scanTar(path: string): Promise<TarScan> {
  const handle = await open(path, 'r')
  try {
    const fileSize = (await handle.stat()).size
    const entries: TarEntry[] = []
    const problems: string[] = []
    const block = Buffer.alloc(BLOCK)
    let pos = 0
    let ended = false
    while (entries.length < MAX_ENTRIES) {
      if (pos + BLOCK > fileSize) {
        const last = entries.at(-1)
        problems.push(`archive truncated at byte ${fileSize} (${last ? `after member ${last.name}; ` : ''}no end-of-archive marker)`)
        break
      }
      await handle.read(block, 0, BLOCK, pos)
      if (isZeroBlock(block)) {
        ended = true
        break
      }
      const header = decodeHeader(block)
      if (typeof header === 'string') {
        problems.push(`corrupt tar header at byte ${pos}: ${header}`)
        break
      }
      const offset = pos + BLOCK
      if (header.type !== '0') problems.push(`unexpected tar entry type "${header.type}" for ${header.name} at byte ${pos} (a Vigil archive holds regular files only)`)
      if (offset + header.size > fileSize) {
        problems.push(`archive truncated at byte ${fileSize} (member ${header.name})`)
        entries.push({ name: header.name, offset, size: header.size, headerOffset: pos })
        break
      }
      entries.push({ name: header.name, offset, size: header.size, headerOffset: pos })
      pos = offset + header.size + padding(header.size)
    }
    if (ended) {
      // After the first zero block only zeros may follow (a second zero block, record padding).
      const tail = await trailingData(handle, pos, fileSize)
      if (tail !== null) problems.push(`unexpected data after the end-of-archive marker at byte ${tail}`)
    }
    return { entries, problems, fileSize }
  } finally {
    await handle.close()
  }
}

/** Offset of the first non-zero byte in [from, fileSize), or null. */
async function trailingData(handle: Awaited<ReturnType<typeof open>>, from: number, fileSize: number): Promise<number | null> {
  const buf = Buffer.alloc(64 * 1024)
  for (let pos = from; pos < fileSize; ) {
    const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, fileSize - pos), pos)
    if (bytesRead === 0) break
    for (let i = 0; i < bytesRead; i++) if (buf[i] !== 0) return pos + i
    pos += bytesRead
  }
  return null
}
