// Writes a ustar file member by member, streaming each member from its file on disk (never the
// whole archive in memory) and hashing it (SHA-256) on the way through.
import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { BLOCK, encodeHeader, padding } from './tar'

/** Bytes read from a member file per write. */
const CHUNK = 1 << 20

export interface WrittenMember {
  bytes: number
  sha256: string
}

export class TarWriter {
  private position = 0
  private closed = false

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string
  ) {}

  /** Creates (or truncates) the tar file at `path`. */
  static async create(path: string): Promise<TarWriter> {
    return new TarWriter(await open(path, 'w', 0o644), path)
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.position
  }

  /** Adds a member from memory (small members: the manifest, config and view definitions). */
  async addBuffer(name: string, data: Buffer, mtime: number): Promise<WrittenMember> {
    await this.write(encodeHeader({ name, size: data.length, mtime }))
    await this.write(data)
    await this.write(Buffer.alloc(padding(data.length)))
    return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }
  }

  /** Adds a member streamed from `file`, which must hold exactly `size` bytes; onBytes reports progress. */
  async addFile(name: string, file: string, size: number, mtime: number, onBytes?: (n: number) => void): Promise<WrittenMember> {
    await this.write(encodeHeader({ name, size, mtime }))
    const hash = createHash('sha256')
    const source = await open(file, 'r')
    try {
      const buf = Buffer.allocUnsafe(CHUNK)
      let copied = 0
      while (copied < size) {
        const { bytesRead } = await source.read(buf, 0, Math.min(CHUNK, size - copied), copied)
        if (bytesRead === 0) throw new Error(`tar: ${file} ended after ${copied} of ${size} bytes while writing member ${name}`)
        const chunk = buf.subarray(0, bytesRead)
        hash.update(chunk)
        await this.write(chunk)
        copied += bytesRead
        onBytes?.(bytesRead)
      }
      const extra = await source.read(Buffer.alloc(1), 0, 1, size)
      if (extra.bytesRead !== 0) throw new Error(`tar: ${file} grew beyond ${size} bytes while writing member ${name}`)
    } finally {
      await source.close()
    }
    await this.write(Buffer.alloc(padding(size)))
    return { bytes: size, sha256: hash.digest('hex') }
  }

  /** Writes the end-of-archive marker (two zero blocks), flushes to disk and closes; returns the file size. */
  async finish(): Promise<number> {
    await this.write(Buffer.alloc(2 * BLOCK))
    await this.handle.sync()
    await this.close()
    return this.position
  }

  /** Closes without finishing (the caller deletes the partial file). */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close()
  }

  private async write(data: Buffer): Promise<void> {
    let offset = 0
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset, this.position)
      offset += bytesWritten
      this.position += bytesWritten
    }
  }
}
