// Reads a small byte range of a file (the manifest) into memory.
import { open } from 'node:fs/promises'

/** Bytes [offset, offset + size) of the file; throws if the file ends earlier. */
export async function readRange(path: string, offset: number, size: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(size)
    let got = 0
    while (got < size) {
      const { bytesRead } = await handle.read(buf, got, size - got, offset + got)
      if (bytesRead === 0) throw new Error(`${path} ended at byte ${offset + got}, expected ${offset + size}`)
      got += bytesRead
    }
    return buf
  } finally {
    await handle.close()
  }
}
