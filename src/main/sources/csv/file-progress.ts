// What a csv source remembers per file, and how it decides between "nothing new", "rows were
// appended" and "the file was replaced". A fingerprint of the first bytes catches a file that
// was rewritten with different content but is at least as long as what was read before.
import { createHash } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'

/** Bytes of the file's start covered by the fingerprint. */
export const FINGERPRINT_BYTES = 1024

export interface FileProgress {
  /** File size and mtime when last looked at; unchanged means nothing to do. */
  size: number
  mtimeMs: number
  /** Bytes consumed: complete records only, so a half-written last line is read again later. */
  bytesRead: number
  /** Lines consumed, so messages can give line numbers for appended rows. */
  linesRead: number
  /** The header row, needed to parse appended rows. */
  header: string[]
  /** sha256 of the first `fingerprintBytes` bytes. */
  fingerprint: string
  fingerprintBytes: number
}

export type ReadPlan = { action: 'skip' } | { action: 'read'; from: number; replaced: boolean }

/** State key of one file's progress. */
export function progressKey(file: string): string {
  return `file:${file}`
}

/** Decides what to read from a file given what was read before. */
export async function planRead(fh: FileHandle, size: number, mtimeMs: number, progress: FileProgress | undefined): Promise<ReadPlan> {
  if (!progress) return { action: 'read', from: 0, replaced: false }
  if (size === progress.size && mtimeMs === progress.mtimeMs) return { action: 'skip' }
  if (size < progress.bytesRead) return { action: 'read', from: 0, replaced: true }
  const fp = await fingerprint(fh, progress.fingerprintBytes)
  if (fp !== progress.fingerprint) return { action: 'read', from: 0, replaced: true }
  return { action: 'read', from: progress.bytesRead, replaced: false }
}

/** sha256 (hex) of the first `length` bytes of the file. */
export async function fingerprint(fh: FileHandle, length: number): Promise<string> {
  const buf = Buffer.alloc(length)
  const { bytesRead } = await fh.read(buf, 0, length, 0)
  return createHash('sha256').update(buf.subarray(0, bytesRead)).digest('hex')
}
