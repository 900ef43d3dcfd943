// POSIX ustar headers (IEEE 1003.1-1988): 512-byte blocks, octal numeric fields, a header
// checksum. Sizes over 8 GiB − 1 use the base-256 form GNU tar and libarchive read.

export const BLOCK = 512
/** Largest size the 11-digit octal field holds. */
const MAX_OCTAL_SIZE = 0o77777777777

export interface TarHeader {
  name: string
  size: number
  /** Seconds since the epoch. */
  mtime: number
  /** '0' for a regular file. */
  type: string
}

/** Bytes of padding after `size` data bytes up to the next block. */
export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK
}

/** Encodes a regular-file header; names must be ASCII and at most 100 bytes (the archive's are fixed and short). */
export function encodeHeader(h: { name: string; size: number; mtime: number }): Buffer {
  if (!/^[\x20-\x7e]+$/.test(h.name) || h.name.length > 100) {
    throw new Error(`tar: member name ${JSON.stringify(h.name)} must be 1 to 100 printable ASCII characters`)
  }
  if (!Number.isSafeInteger(h.size) || h.size < 0) throw new Error(`tar: member ${h.name} has invalid size ${h.size}`)
  const b = Buffer.alloc(BLOCK)
  b.write(h.name, 0, 100, 'ascii')
  writeOctal(b, 100, 8, 0o644)
  writeOctal(b, 108, 8, 0)
  writeOctal(b, 116, 8, 0)
  if (h.size <= MAX_OCTAL_SIZE) writeOctal(b, 124, 12, h.size)
  else writeBase256(b, 124, 12, h.size)
  writeOctal(b, 136, 12, Math.max(0, Math.floor(h.mtime)))
  b.write('0', 156, 1, 'ascii')
  b.write('ustar\u000000', 257, 8, 'ascii')
  b.write('vigil', 265, 32, 'ascii')
  b.write('vigil', 297, 32, 'ascii')
  // The checksum is computed with its own field as spaces, then written as 6 octal digits, NUL, space.
  b.fill(0x20, 148, 156)
  const sum = checksum(b)
  b.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii')
  return b
}

/** True for an all-zero block (end-of-archive marker). */
export function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false
  return true
}

/** Decodes a header block; returns an error message (without position) when it is not a valid ustar header. */
export function decodeHeader(b: Buffer): TarHeader | string {
  if (b.length < BLOCK) return 'short header block'
  const stored = parseOctal(b, 148, 8)
  if (stored === null) return 'header checksum field is not a number'
  const copy = Buffer.from(b.subarray(0, BLOCK))
  copy.fill(0x20, 148, 156)
  if (checksum(copy) !== stored) return 'header checksum does not match (corrupt header)'
  if (b.toString('ascii', 257, 262) !== 'ustar') return 'not a ustar header'
  const name = cString(b, 0, 100)
  const prefix = cString(b, 345, 155)
  const size = (b[124] & 0x80) !== 0 ? parseBase256(b, 124, 12) : parseOctal(b, 124, 12)
  if (size === null) return `size field of ${name} is not a number`
  const mtime = parseOctal(b, 136, 12) ?? 0
  const type = b[156] === 0 ? '0' : String.fromCharCode(b[156])
  return { name: prefix ? `${prefix}/${name}` : name, size, mtime, type }
}

function checksum(b: Buffer): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += b[i]
  return sum
}

function writeOctal(b: Buffer, offset: number, length: number, value: number): void {
  b.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii')
}

function writeBase256(b: Buffer, offset: number, length: number, value: number): void {
  let v = BigInt(value)
  for (let i = offset + length - 1; i > offset; i--) {
    b[i] = Number(v & 0xffn)
    v >>= 8n
  }
  b[offset] = 0x80
}

function parseOctal(b: Buffer, offset: number, length: number): number | null {
  const text = b.toString('ascii', offset, offset + length).replace(/[\u0000 ]+$/, '').replace(/^[ ]+/, '')
  if (!/^[0-7]+$/.test(text)) return null
  return parseInt(text, 8)
}

function parseBase256(b: Buffer, offset: number, length: number): number | null {
  let v = BigInt(b[offset] & 0x7f)
  for (let i = offset + 1; i < offset + length; i++) v = (v << 8n) | BigInt(b[i])
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null
}

function cString(b: Buffer, offset: number, length: number): string {
  const end = b.indexOf(0, offset)
  return b.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end)
}
