// InfluxDB line protocol → samples, as posted to /api/write.
//
//   measurement[,tag=value...] field=value[,field=value...] [timestamp]
//
// A hand-rolled single-pass scanner (charCodeAt, no regex, no split): this is the hot path of
// push ingest. Decisions, where the protocol leaves room:
// - Each numeric field becomes one sample named `<measurement>_<field>`, or `<measurement>` for a
//   field named `value`; tags become labels. Booleans are stored as 1 / 0.
// - String fields are not stored. A line with numeric fields keeps them and reports the string
//   fields as skipped; a line with only string fields is an error.
// - A line is atomic: any syntax error rejects the whole line (reported with its 1-based number);
//   the other lines of the body are kept.
// - Timestamps are converted to integer epoch milliseconds, rounding half up (sub-millisecond
//   precision is dropped). Without a timestamp the line gets `now`.
// - Newline always ends a line (the protocol forbids newlines in tag and field values), so an
//   unbalanced quote costs one line, never the rest of the body.
// - Duplicate tag or field keys on a line, empty tag values, NaN and Inf are errors.
// - Samples from one line share one labels object; consumers must treat labels as read-only.
import type { IngestSample, Labels } from '@shared/types'

export type Precision = 'ns' | 'us' | 'ms' | 's'
export const PRECISIONS: readonly Precision[] = ['ns', 'us', 'ms', 's']

export interface LineProtocolError {
  /** 1-based line number in the body. */
  line: number
  message: string
}

export interface ParsedLineProtocol {
  samples: IngestSample[]
  /** Line number of each sample (same index as samples), to report later rejections by line. */
  sampleLines: number[]
  /** The first `maxErrors` errors, in line order. */
  errors: LineProtocolError[]
  /** All errors, including those beyond `maxErrors`. */
  errorCount: number
}

/** Errors kept in the result by default: a body of garbage must not become millions of objects. */
export const DEFAULT_MAX_ERRORS = 1000

const BOM = 0xfeff
const CR = 13
const TAB = 9
const SPACE = 32
const QUOTE = 34
const HASH = 35
const PLUS = 43
const COMMA = 44
const MINUS = 45
const DOT = 46
const D0 = 48
const D9 = 57
const EQUALS = 61
const BACKSLASH = 92
const LOWER_E = 101
const UPPER_E = 69
const LOWER_I = 105
const LOWER_U = 117

/** Digits to drop (or, negative, to add) to turn a timestamp of each precision into ms. */
const MS_SHIFT: Record<Precision, number> = { ns: 6, us: 3, ms: 0, s: -3 }
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]
/** Largest |epoch ms| a JavaScript Date can hold. */
const MAX_ABS_MS = 8.64e15
/** Longest snippet of offending text quoted in an error message. */
const SNIPPET = 40

/** Field keys of the line being scanned (reused: the scanner is synchronous). */
const lineFieldKeys: string[] = []

// Errors travel as return values, not exceptions: with a throw per bad line V8 stopped optimising
// the scanner, and a body of bad lines parsed 26x slower (6.5 s instead of 0.25 s per million).
/** Message of the last failed helper (fieldValue, timestampMs, skipQuotedString). */
let scanError = ''

/** Records a helper's failure; returns NaN, which no valid value or timestamp can be. */
function fail(message: string): number {
  scanError = message
  return NaN
}

/** Parses a line-protocol body; valid lines become samples, bad lines become numbered errors. */
export function parseLineProtocol(
  body: string,
  precision: Precision,
  now: number,
  maxErrors = DEFAULT_MAX_ERRORS
): ParsedLineProtocol {
  const shift = MS_SHIFT[precision]
  if (shift === undefined) throw new Error(`unknown precision "${String(precision)}" (expected ns, us, ms or s)`)
  const out: ParsedLineProtocol = { samples: [], sampleLines: [], errors: [], errorCount: 0 }
  const len = body.length
  // A UTF-8 byte-order mark some editors and Windows tools prepend is not part of the first measurement.
  let pos = len > 0 && body.charCodeAt(0) === BOM ? 1 : 0
  let line = 0
  while (pos < len) {
    line++
    let end = body.indexOf('\n', pos)
    if (end === -1) end = len
    const next = end + 1
    if (end > pos && body.charCodeAt(end - 1) === CR) end--
    const before = out.samples.length
    const message = parseLine(body, pos, end, line, shift, now, out, maxErrors)
    if (message !== null) {
      out.samples.length = before
      out.sampleLines.length = before
      addError(out, line, message, maxErrors)
    }
    pos = next
  }
  return out
}

/** Scans one line [start, end) and appends its samples; returns the error message of a bad line, else null. */
function parseLine(
  s: string,
  start: number,
  end: number,
  line: number,
  shift: number,
  now: number,
  out: ParsedLineProtocol,
  maxErrors: number
): string | null {
  let i = start
  while (i < end && isBlank(s.charCodeAt(i))) i++
  if (i === end || s.charCodeAt(i) === HASH) return null

  // Measurement: up to an unescaped comma or space.
  const mStart = i
  let escaped = false
  while (i < end) {
    const c = s.charCodeAt(i)
    if (c === BACKSLASH && i + 1 < end && isMeasurementEscapable(s.charCodeAt(i + 1))) {
      escaped = true
      i += 2
      continue
    }
    if (c === COMMA || c === SPACE) break
    i++
  }
  if (i === mStart) return 'missing measurement name at the start of the line'
  const measurement = escaped ? unescapeRange(s, mStart, i, isMeasurementEscapable) : s.slice(mStart, i)

  // Tag set: ,key=value pairs.
  const labels: Labels = {}
  while (i < end && s.charCodeAt(i) === COMMA) {
    i++
    const kStart = i
    escaped = false
    while (i < end) {
      const c = s.charCodeAt(i)
      if (c === BACKSLASH && i + 1 < end && isKeyEscapable(s.charCodeAt(i + 1))) {
        escaped = true
        i += 2
        continue
      }
      if (c === EQUALS || c === COMMA || c === SPACE) break
      i++
    }
    if (i === kStart) return `empty tag key after "${snippet(s, mStart, kStart)}"`
    const key = escaped ? unescapeRange(s, kStart, i, isKeyEscapable) : s.slice(kStart, i)
    if (i === end || s.charCodeAt(i) !== EQUALS) return `tag "${key}" has no "=value"`
    i++
    const vStart = i
    escaped = false
    while (i < end) {
      const c = s.charCodeAt(i)
      if (c === BACKSLASH && i + 1 < end && isKeyEscapable(s.charCodeAt(i + 1))) {
        escaped = true
        i += 2
        continue
      }
      if (c === COMMA || c === SPACE) break
      if (c === EQUALS) return `tag "${key}": unescaped "=" in the value (write \\=)`
      i++
    }
    if (i === vStart) return `tag "${key}" has an empty value (omit the tag instead)`
    if (key === '__proto__') return 'tag key "__proto__" is not allowed'
    if (Object.hasOwn(labels, key)) return `duplicate tag "${key}"`
    labels[key] = escaped ? unescapeRange(s, vStart, i, isKeyEscapable) : s.slice(vStart, i)
  }

  if (i === end) return `missing fields after "${snippet(s, mStart, end)}" (expected a space, then field=value)`
  while (i < end && s.charCodeAt(i) === SPACE) i++
  if (i === end) return `missing fields after "${snippet(s, mStart, end)}" (expected field=value)`

  // Field set: key=value pairs separated by commas. Samples get their timestamp afterwards.
  const firstSample = out.samples.length
  const fieldKeys = lineFieldKeys
  fieldKeys.length = 0
  let stringFields: string[] | null = null
  for (;;) {
    const kStart = i
    escaped = false
    while (i < end) {
      const c = s.charCodeAt(i)
      if (c === BACKSLASH && i + 1 < end && isKeyEscapable(s.charCodeAt(i + 1))) {
        escaped = true
        i += 2
        continue
      }
      if (c === EQUALS || c === COMMA || c === SPACE) break
      i++
    }
    if (i === kStart) return `empty field key at "${snippet(s, kStart, end)}"`
    const key = escaped ? unescapeRange(s, kStart, i, isKeyEscapable) : s.slice(kStart, i)
    if (i === end || s.charCodeAt(i) !== EQUALS) return `field "${key}" has no "=value"`
    if (fieldKeys.includes(key)) return `duplicate field "${key}"`
    fieldKeys.push(key)
    i++
    if (i === end) return `field "${key}": expected field value after "="`

    if (s.charCodeAt(i) === QUOTE) {
      i = skipQuotedString(s, i + 1, end, key)
      if (i < 0) return scanError
      ;(stringFields ??= []).push(key)
    } else {
      const vStart = i
      while (i < end) {
        const c = s.charCodeAt(i)
        if (c === COMMA || c === SPACE) break
        i++
      }
      if (i === vStart) return `field "${key}": expected field value after "="`
      const value = fieldValue(s, vStart, i, key)
      if (value !== value) return scanError
      out.samples.push({ name: key === 'value' ? measurement : measurement + '_' + key, labels, ts: 0, value })
      out.sampleLines.push(line)
    }
    if (i < end && s.charCodeAt(i) === COMMA) {
      i++
      continue
    }
    break
  }

  // Optional timestamp, then only trailing spaces.
  while (i < end && s.charCodeAt(i) === SPACE) i++
  let ts = now
  if (i < end) {
    const tStart = i
    while (i < end && s.charCodeAt(i) !== SPACE) i++
    ts = timestampMs(s, tStart, i, shift)
    if (ts !== ts) return scanError
    while (i < end && isBlank(s.charCodeAt(i))) i++
    if (i < end) return `unexpected text after the timestamp: "${snippet(s, i, end)}"`
  }

  const numeric = out.samples.length - firstSample
  if (stringFields !== null) {
    const names = stringFields.map((k) => `"${k}"`).join(', ')
    if (numeric === 0) {
      return `only string fields (${names}); Vigil stores numbers and booleans only`
    }
    addError(out, line, `string field ${names} skipped; Vigil stores numbers and booleans only`, maxErrors)
  }
  for (let k = firstSample; k < out.samples.length; k++) out.samples[k].ts = ts
  return null
}

function addError(out: ParsedLineProtocol, line: number, message: string, maxErrors: number): void {
  out.errorCount++
  if (out.errors.length < maxErrors) out.errors.push({ line, message })
}

/** Skips a double-quoted string field (opening quote already consumed); returns the index after the closing quote, or -1 (scanError set). */
function skipQuotedString(s: string, i: number, end: number, key: string): number {
  while (i < end) {
    const c = s.charCodeAt(i)
    if (c === BACKSLASH && i + 1 < end) {
      i += 2
      continue
    }
    if (c === QUOTE) {
      i++
      const after = i < end ? s.charCodeAt(i) : SPACE
      if (after !== COMMA && after !== SPACE) {
        scanError = `field "${key}": unexpected text after the closing quote: "${snippet(s, i, end)}"`
        return -1
      }
      return i
    }
    i++
  }
  scanError = `field "${key}": unterminated string (missing closing ")`
  return -1
}

/** Parses a numeric or boolean field value in [a, b); NaN (scanError set) when invalid. */
function fieldValue(s: string, a: number, b: number, key: string): number {
  const first = s.charCodeAt(a)
  const last = s.charCodeAt(b - 1)
  if (isDigit(first) || first === MINUS || first === PLUS || first === DOT) {
    if (last !== LOWER_I && last !== LOWER_U) {
      const fast = plainDecimal(s, a, b)
      if (fast === fast) return fast
    }
    let ok: boolean
    let text: string
    if (last === LOWER_I) {
      ok = isInteger(s, a, b - 1, true)
      text = s.slice(a, b - 1)
    } else if (last === LOWER_U) {
      ok = isInteger(s, a, b - 1, false)
      text = s.slice(a, b - 1)
    } else {
      ok = isFloat(s, a, b)
      text = s.slice(a, b)
    }
    if (!ok) return fail(`field "${key}": invalid number "${snippet(s, a, b)}"`)
    const value = Number(text)
    if (!Number.isFinite(value)) return fail(`field "${key}": number "${snippet(s, a, b)}" is out of range`)
    return value
  }
  const bool = booleanValue(s, a, b)
  if (bool !== -1) return bool
  const text = s.slice(a, b)
  if (/^[+-]?(nan|inf|infinity)$/i.test(text)) {
    return fail(`field "${key}": "${snippet(s, a, b)}" is not a valid value (NaN and Inf are not allowed in line protocol)`)
  }
  return fail(`field "${key}": invalid value "${snippet(s, a, b)}" (expected a number, 1i, 1u, a boolean or a "quoted string")`)
}

/** Powers of ten that are exact doubles. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * Fast path for the common `[+-]digits[.digits]` with at most 15 digits: the digits form an exact
 * integer and one division by an exact power of ten rounds correctly, so the result equals
 * Number(text) without slicing a string. NaN means "not this shape" (the caller falls back).
 */
function plainDecimal(s: string, a: number, b: number): number {
  let i = a
  let c = s.charCodeAt(i)
  const negative = c === MINUS
  if (negative || c === PLUS) i++
  let mantissa = 0
  let digits = 0
  let decimals = 0
  let dot = false
  for (; i < b; i++) {
    c = s.charCodeAt(i)
    if (c >= D0 && c <= D9) {
      mantissa = mantissa * 10 + (c - D0)
      digits++
      if (dot) decimals++
    } else if (c === DOT && !dot) {
      dot = true
    } else {
      return NaN
    }
  }
  if (digits === 0 || digits > 15) return NaN
  const value = decimals === 0 ? mantissa : mantissa / EXACT_POW10[decimals]
  return negative ? -value : value
}

/** 1 / 0 for the protocol's boolean spellings, -1 otherwise. */
function booleanValue(s: string, a: number, b: number): number {
  const n = b - a
  if (n === 1) {
    const c = s.charCodeAt(a)
    if (c === 116 || c === 84) return 1 // t T
    if (c === 102 || c === 70) return 0 // f F
    return -1
  }
  if (n !== 4 && n !== 5) return -1
  const text = s.slice(a, b)
  if (text === 'true' || text === 'True' || text === 'TRUE') return 1
  if (text === 'false' || text === 'False' || text === 'FALSE') return 0
  return -1
}

/** -?digits (signed) or digits (unsigned). */
function isInteger(s: string, a: number, b: number, signed: boolean): boolean {
  if (signed && a < b && s.charCodeAt(a) === MINUS) a++
  if (a === b) return false
  for (let i = a; i < b; i++) if (!isDigit(s.charCodeAt(i))) return false
  return true
}

/** [+-]?(digits[.digits*] | .digits)([eE][+-]?digits)? */
function isFloat(s: string, a: number, b: number): boolean {
  let i = a
  let c = s.charCodeAt(i)
  if (c === MINUS || c === PLUS) i++
  let digits = 0
  while (i < b && isDigit(s.charCodeAt(i))) {
    i++
    digits++
  }
  if (i < b && s.charCodeAt(i) === DOT) {
    i++
    while (i < b && isDigit(s.charCodeAt(i))) {
      i++
      digits++
    }
  }
  if (digits === 0) return false
  if (i < b) {
    c = s.charCodeAt(i)
    if (c !== LOWER_E && c !== UPPER_E) return false
    i++
    if (i < b && (s.charCodeAt(i) === MINUS || s.charCodeAt(i) === PLUS)) i++
    if (i === b) return false
    while (i < b && isDigit(s.charCodeAt(i))) i++
  }
  return i === b
}

/** Converts an integer timestamp in [a, b) to epoch ms, exactly (digit arithmetic, no float division); NaN (scanError set) when invalid. */
function timestampMs(s: string, a: number, b: number, shift: number): number {
  let i = a
  const negative = s.charCodeAt(i) === MINUS
  if (negative) i++
  const digits = b - i
  let valid = digits > 0
  for (let k = i; valid && k < b; k++) valid = isDigit(s.charCodeAt(k))
  if (!valid) return fail(`invalid timestamp "${snippet(s, a, b)}" (expected an integer)`)
  let ms: number
  if (shift <= 0) {
    if (digits > 16) return fail(`timestamp "${snippet(s, a, b)}" is out of range`)
    ms = digitsValue(s, i, b) * POW10[-shift]
  } else {
    const split = Math.max(i, b - shift)
    if (split - i > 16) return fail(`timestamp "${snippet(s, a, b)}" is out of range`)
    const whole = digitsValue(s, i, split)
    const fraction = digitsValue(s, split, b)
    const half = POW10[shift] / 2
    // Round half up (towards +∞) on the signed value.
    ms = negative ? whole + (fraction > half ? 1 : 0) : whole + (fraction >= half ? 1 : 0)
  }
  if (negative) ms = ms === 0 ? 0 : -ms
  if (Math.abs(ms) > MAX_ABS_MS) return fail(`timestamp "${snippet(s, a, b)}" is out of range`)
  return ms
}

function digitsValue(s: string, a: number, b: number): number {
  let v = 0
  for (let i = a; i < b; i++) v = v * 10 + (s.charCodeAt(i) - D0)
  return v
}

/** Removes the backslash of each escape sequence accepted in this context. */
function unescapeRange(s: string, a: number, b: number, escapable: (c: number) => boolean): string {
  let r = ''
  let from = a
  for (let i = a; i < b; i++) {
    if (s.charCodeAt(i) === BACKSLASH && i + 1 < b && escapable(s.charCodeAt(i + 1))) {
      r += s.slice(from, i)
      from = i + 1
      i++
    }
  }
  return r + s.slice(from, b)
}

function snippet(s: string, a: number, b: number): string {
  return b - a > SNIPPET ? s.slice(a, a + SNIPPET) + '…' : s.slice(a, b)
}

function isDigit(c: number): boolean {
  return c >= D0 && c <= D9
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB
}

function isMeasurementEscapable(c: number): boolean {
  return c === COMMA || c === SPACE
}

function isKeyEscapable(c: number): boolean {
  return c === COMMA || c === SPACE || c === EQUALS
}
