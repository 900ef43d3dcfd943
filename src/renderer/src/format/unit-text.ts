// Units as config and the engine write them ("%", "USD", "ms", "req/s", null) turned into
// formatters: known units use formatValue's rules, others print the number and the unit text.
import { formatValue } from './number-format'
import { unitForSeries, type Unit } from './units'

export type ValueFormatter = (value: number) => string

const KNOWN: Record<string, Unit> = {
  '%': 'percent',
  percent: 'percent',
  pct: 'percent',
  usd: 'usd',
  $: 'usd',
  'us$': 'usd',
  ms: 'ms',
  milliseconds: 'ms',
  s: 'seconds',
  sec: 'seconds',
  secs: 'seconds',
  seconds: 'seconds',
  b: 'bytes',
  bytes: 'bytes',
  ratio: 'number',
  '': 'number'
}

/** The display unit of a unit text, or null when formatValue does not know it. */
export function knownUnit(unitText: string): Unit | null {
  return KNOWN[unitText.trim().toLowerCase()] ?? null
}

/** Rates named by their suffix (`…_per_minute`, `…_rps`), which formatValue has no unit for. */
const RATE_SUFFIXES: ReadonlyArray<[RegExp, string]> = [
  [/_per_second$|_rps$/, '/s'],
  [/_per_minute$/, '/min'],
  [/_per_hour$/, '/h']
]

/**
 * A formatter for a unit text; without one, the unit is inferred from the series name
 * (`…_percent`, `…_usd_total`, `…_per_minute`, …) when a name is given.
 */
export function formatterFor(unitText: string | null | undefined, seriesName?: string): ValueFormatter {
  const text = unitText?.trim() ?? ''
  if (text === '') {
    const rate = seriesName ? RATE_SUFFIXES.find(([re]) => re.test(seriesName)) : undefined
    if (rate) return withSuffix(rate[1])
    const unit = seriesName ? unitForSeries(seriesName) : 'number'
    return (v) => formatValue(v, unit)
  }
  const unit = knownUnit(text)
  if (unit) return (v) => formatValue(v, unit)
  return withSuffix(` ${text}`)
}

/** A plain number followed by a unit suffix; "—" (no unit) for a non-finite value. */
function withSuffix(suffix: string): ValueFormatter {
  return (v) => {
    const n = formatValue(v, 'number')
    return n === '—' ? n : `${n}${suffix}`
  }
}

/** A configured limit (a round number) without a trailing ".0": "5.0 %" → "5 %". */
export function formatLimit(value: number, format: ValueFormatter): string {
  return format(value).replace(/\.0(?=\D*$)/, '')
}
