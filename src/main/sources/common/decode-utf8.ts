// Response bodies are decoded strictly: invalid UTF-8 is reported with its byte offset instead of
// being silently replaced by U+FFFD (which would turn into garbage labels or misleading JSON errors).

const decoder = new TextDecoder('utf-8', { fatal: true })

/** The text of `buf` (a leading BOM removed); throws `<what> is not valid UTF-8 (byte N: 0xXX)`. */
export function decodeUtf8(buf: Uint8Array, what: string): string {
  try {
    return decoder.decode(buf)
  } catch {
    const at = firstInvalidUtf8(buf)
    const shown = at < buf.length ? `: 0x${buf[at].toString(16).padStart(2, '0')}` : ''
    throw new Error(`${what} is not valid UTF-8 (byte ${at}${shown}); send UTF-8 text`)
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (buf.length when it is all valid). */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0
  while (i < buf.length) {
    const b = buf[i]
    let need: number
    let min: number
    if (b < 0x80) {
      i++
      continue
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    // A sequence cut off by the end of the body is invalid too.
    if (i + need >= buf.length) return i
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k]
      if ((c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return buf.length
}
