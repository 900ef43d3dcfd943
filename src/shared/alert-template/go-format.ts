// Number formatting the way Go's fmt does it (%g, %.4g, %.2f, %e), so templates such as
// {{ humanize $value }} print exactly what Prometheus prints. Go rounds the exact decimal value
// of the double half-to-even; JavaScript's toPrecision rounds ties away from zero, so the digits
// are taken exactly (toExponential(100)) and rounded here.

/** A positive finite number as decimal digits: value = 0.d₁d₂… × 10^dp (Go's strconv "decimal"). */
interface Decimal {
  digits: string
  dp: number
  /** True when digits were cut off (the value is not exactly these digits). */
  trunc: boolean
}

/** Exact (or, beyond 101 significant digits, truncated) decimal digits of |x| (x finite, non-zero). */
function exactDecimal(x: number): Decimal {
  const [mantissa, exponent] = Math.abs(x).toExponential(100).split('e')
  const all = mantissa.replace('.', '')
  const digits = all.replace(/0+$/, '')
  // 101 digits and the last one non-zero: more may follow that toExponential rounded away.
  return { digits, dp: Number(exponent) + 1, trunc: digits.length === all.length }
}

/** Shortest digits that read back as x (what Go's -1 precision uses). */
function shortestDecimal(x: number): Decimal {
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e')
  const digits = mantissa.replace('.', '').replace(/0+$/, '')
  return { digits, dp: Number(exponent) + 1, trunc: false }
}

/** Rounds to nd significant digits (Go's decimal.Round: half to even on exact ties). */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d
  const next = d.digits.charCodeAt(nd) - 48
  let up: boolean
  if (next === 5 && nd + 1 === d.digits.length) up = d.trunc || (nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1)
  else up = next >= 5
  if (!up) return { digits: d.digits.slice(0, nd).replace(/0+$/, ''), dp: d.dp, trunc: false }
  let i = nd - 1
  while (i >= 0 && d.digits[i] === '9') i--
  if (i < 0) return { digits: '1', dp: d.dp + 1, trunc: false }
  const digits = d.digits.slice(0, i) + String.fromCharCode(d.digits.charCodeAt(i) + 1)
  return { digits, dp: d.dp, trunc: false }
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i] : '0'
}

/** %f layout of a decimal with `prec` fraction digits. */
function layoutF(d: Decimal, prec: number): string {
  let out = ''
  if (d.dp > 0) for (let i = 0; i < d.dp; i++) out += digitAt(d, i)
  else out = '0'
  if (prec > 0) {
    out += '.'
    for (let i = 1; i <= prec; i++) out += digitAt(d, d.dp + i - 1)
  }
  return out
}

/** %e layout of a decimal with `prec` digits after the point; Go writes at least two exponent digits. */
function layoutE(d: Decimal, prec: number): string {
  let out = d.digits.length > 0 ? d.digits[0] : '0'
  if (prec > 0) {
    out += '.'
    for (let i = 1; i <= prec; i++) out += digitAt(d, i)
  }
  const exp = d.digits.length === 0 ? 0 : d.dp - 1
  const abs = Math.abs(exp)
  return `${out}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Infinity) return '+Inf'
  if (x === -Infinity) return '-Inf'
  return null
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : ''
}

/** Go's %.<prec>g (prec < 0: %g / %v, the shortest representation). */
export function formatG(x: number, prec = -1): string {
  const s = special(x)
  if (s !== null) return s
  const shortest = prec < 0
  let d: Decimal = x === 0 ? { digits: '', dp: 0, trunc: false } : shortest ? shortestDecimal(x) : exactDecimal(x)
  if (!shortest) {
    if (prec === 0) prec = 1
    d = roundDecimal(d, prec)
  } else {
    prec = d.digits.length
  }
  let eprec = prec
  if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length
  if (shortest) eprec = 6
  const exp = d.dp - 1
  if (x !== 0 && (exp < -4 || exp >= eprec)) {
    if (prec > d.digits.length) prec = d.digits.length
    return sign(x) + layoutE(d, Math.max(prec - 1, 0))
  }
  if (prec > d.dp) prec = d.digits.length
  return sign(x) + layoutF(d, Math.max(prec - d.dp, 0))
}

/** Go's %.<prec>f (default precision 6). */
export function formatF(x: number, prec = 6): string {
  const s = special(x)
  if (s !== null) return s
  let d: Decimal = x === 0 ? { digits: '', dp: 0, trunc: false } : exactDecimal(x)
  d = roundDecimal(d, d.dp + prec)
  return sign(x) + layoutF(d, prec)
}

/** Go's %.<prec>e (default precision 6). */
export function formatE(x: number, prec = 6): string {
  const s = special(x)
  if (s !== null) return s
  let d: Decimal = x === 0 ? { digits: '', dp: 0, trunc: false } : exactDecimal(x)
  d = roundDecimal(d, prec + 1)
  return sign(x) + layoutE(d, prec)
}
