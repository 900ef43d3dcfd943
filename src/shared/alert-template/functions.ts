// The functions templates may call. humanize* follow Prometheus's template functions exactly
// (same prefixes, same Go %.4g formatting), so annotations read the same as in Prometheus.
import type { TemplateValue } from './ast'
import { formatE, formatF, formatG } from './go-format'
import { TemplateError } from './template-error'

/** How a value prints by itself ({{ $value }}): shortest form, "" for no value. */
export function formatValue(v: TemplateValue): string {
  if (v === null) return ''
  if (typeof v === 'string') return v
  if (!Number.isFinite(v)) return formatG(v)
  return String(v)
}

function toNumber(fn: string, v: TemplateValue): number | null {
  if (v === null) return null
  if (typeof v === 'number') return v
  const n = Number(v.trim())
  if (v.trim() === '' || Number.isNaN(n)) throw new TemplateError(`${fn}: "${v}" is not a number`)
  return n
}

function scale(v: number, prefixes: readonly string[], step: number, up: boolean): string {
  let prefix = ''
  for (const p of prefixes) {
    if (up ? Math.abs(v) < step : Math.abs(v) >= 1) break
    prefix = p
    v = up ? v / step : v * step
  }
  return `${formatG(v, 4)}${prefix}`
}

const BIG = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']
const BINARY = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatG(v, 4)
  return Math.abs(v) >= 1 ? scale(v, BIG, 1000, true) : scale(v, SMALL, 1000, false)
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return formatG(v, 4)
  return scale(v, BINARY, 1024, true)
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return formatG(v, 4)
  if (v === 0) return `${formatG(v, 4)}s`
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : ''
    const abs = Math.abs(v)
    const total = Math.trunc(abs)
    const seconds = total % 60
    const minutes = Math.trunc(total / 60) % 60
    const hours = Math.trunc(total / 3600) % 24
    const days = Math.trunc(total / 86400)
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`
    return `${sign}${formatG(abs, 4)}s`
  }
  return `${scale(v, SMALL, 1000, false)}s`
}

/** One printf directive: %% or %[.prec]verb. */
const DIRECTIVE = /%(?:(%)|(?:\.(\d+))?([dfgesv]))/g

/** Checks a printf format; throws naming the first directive it does not support. */
export function checkPrintfFormat(format: string): void {
  const stripped = format.replace(DIRECTIVE, '')
  const bad = /%.?/.exec(stripped)
  if (bad) throw new TemplateError(`printf: unsupported directive "${bad[0]}" (use %d, %f, %.2f, %g, %e, %s, %v or %%)`)
}

function printf(format: string, args: TemplateValue[]): string {
  checkPrintfFormat(format)
  let next = 0
  return format.replace(DIRECTIVE, (_all, percent: string | undefined, prec: string | undefined, verb: string) => {
    if (percent) return '%'
    if (next >= args.length) throw new TemplateError(`printf: "${format}" needs more arguments than the ${args.length} given`)
    const arg = args[next++]
    if (verb === 's' || verb === 'v') return formatValue(arg)
    const n = toNumber('printf', arg)
    if (n === null) return ''
    const p = prec === undefined ? undefined : Number(prec)
    if (verb === 'd') return formatF(n, 0)
    if (verb === 'f') return formatF(n, p)
    if (verb === 'e') return formatE(n, p)
    return formatG(n, p)
  })
}

type Impl = (args: TemplateValue[]) => string

function numeric(name: string, f: (v: number) => string): Impl {
  return ([arg]) => {
    const n = toNumber(name, arg)
    return n === null ? '' : f(n)
  }
}

function textual(f: (s: string) => string): Impl {
  return ([arg]) => f(formatValue(arg))
}

export interface TemplateFunction {
  /** Exact argument count, or the minimum when variadic. */
  arity: number
  variadic: boolean
  call: Impl
}

export const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  humanize: { arity: 1, variadic: false, call: numeric('humanize', humanize) },
  humanize1024: { arity: 1, variadic: false, call: numeric('humanize1024', humanize1024) },
  humanizePercentage: { arity: 1, variadic: false, call: numeric('humanizePercentage', (v) => `${formatG(v * 100, 4)}%`) },
  humanizeDuration: { arity: 1, variadic: false, call: numeric('humanizeDuration', humanizeDuration) },
  toUpper: { arity: 1, variadic: false, call: textual((s) => s.toUpperCase()) },
  toLower: { arity: 1, variadic: false, call: textual((s) => s.toLowerCase()) },
  title: { arity: 1, variadic: false, call: textual((s) => s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase())) },
  printf: {
    arity: 1,
    variadic: true,
    call: ([format, ...rest]) => {
      if (typeof format !== 'string') throw new TemplateError('printf: the first argument must be a format string such as "%.2f"')
      return printf(format, rest)
    }
  }
}
