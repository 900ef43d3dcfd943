// Reading the audit file as raw lines: forwards (verify, export) and backwards from the end
// (the last entry at start-up, recent entries for the API) without loading the whole file.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'

const NL = 0x0a
const CHUNK = 64 * 1024

export interface RawLine {
  /** 1-based line number. */
  line: number
  bytes: Buffer
  /** False for a last line without its newline (a write cut off mid-entry). */
  terminated: boolean
}

/** Every line of the file in order (a missing file has none). */
export async function* readRawLines(path: string): AsyncGenerator<RawLine> {
  let carry: Buffer = Buffer.alloc(0)
  let line = 0
  let stream: AsyncIterable<Buffer>
  try {
    stream = createReadStream(path)
    for await (const chunk of stream) {
      let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      let start = 0
      for (let i = data.indexOf(NL); i !== -1; i = data.indexOf(NL, start)) {
        yield { line: ++line, bytes: data.subarray(start, i), terminated: true }
        start = i + 1
      }
      carry = Buffer.from(data.subarray(start))
      data = Buffer.alloc(0)
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  if (carry.length > 0) yield { line: ++line, bytes: carry, terminated: false }
}

export interface FileTail {
  /** Up to the wanted number of last complete lines, in file order. */
  lines: Buffer[]
  /** Bytes after the last newline (a torn write), or null when the file ends with a newline. */
  torn: Buffer | null
  size: number
}

/** The last `wanted` complete lines and any unterminated remainder, read backwards from the end. */
export async function readTail(path: string, wanted: number): Promise<FileTail> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], torn: null, size: 0 }
    throw err
  }
  try {
    const { size } = await handle.stat()
    let pos = size
    let buf: Buffer = Buffer.alloc(0)
    let newlines = 0
    while (pos > 0 && newlines < wanted + 1) {
      const start = Math.max(0, pos - CHUNK)
      const chunk = Buffer.alloc(pos - start)
      await handle.read(chunk, 0, chunk.length, start)
      for (const b of chunk) if (b === NL) newlines++
      buf = Buffer.concat([chunk, buf])
      pos = start
    }
    const lastNl = buf.lastIndexOf(NL)
    const torn = lastNl === buf.length - 1 ? null : buf.subarray(lastNl + 1)
    if (lastNl === -1) return { lines: [], torn: torn && torn.length > 0 ? torn : null, size }
    const pieces: Buffer[] = []
    let start = 0
    for (let i = buf.indexOf(NL); i !== -1 && i <= lastNl; i = buf.indexOf(NL, start)) {
      pieces.push(buf.subarray(start, i))
      start = i + 1
    }
    // When we stopped before the start of the file, the first piece may be the end of an earlier line.
    if (pos > 0) pieces.shift()
    return { lines: pieces.slice(-wanted), torn, size }
  } finally {
    await handle.close()
  }
}
