// Number formatting for tiles, axes and tooltips. A fixed locale keeps wallboards identical
// on every machine (and the tests deterministic).
import type { Unit } from './units'

const LOCALE = 'en-US'
const NO_VALUE = '—'

const usdCompact = new Intl.NumberFormat(LOCALE, {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1
})
const usdWhole = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const usdCents = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'USD' })
const plainCompact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 })
const plainSmall = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4 })
const oneDecimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const upToOneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 })

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

/** Formats a value with its unit for people: "$1.2M", "42.1 %", "3.2 GiB", "350 ms", "1,234". */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return NO_VALUE
  switch (unit) {
    case 'usd':
      if (Math.abs(value) >= 1000) return usdCompact.format(value)
      return Math.abs(value) >= 100 ? usdWhole.format(value) : usdCents.format(value)
    case 'percent':
      return `${oneDecimal.format(value)} %`
    case 'bytes':
      return formatBytes(value)
    case 'seconds':
      return formatSeconds(value)
    case 'ms':
      return Math.abs(value) >= 1000 ? formatSeconds(value / 1000) : `${upToOneDecimal.format(value)} ms`
    case 'number':
      return Math.abs(value) >= 10_000 ? plainCompact.format(value) : plainSmall.format(value)
  }
}

function formatBytes(value: number): string {
  let scaled = Math.abs(value)
  let i = 0
  while (scaled >= 1024 && i < BINARY_UNITS.length - 1) {
    scaled /= 1024
    i++
  }
  const sign = value < 0 ? '-' : ''
  return i === 0 ? `${sign}${Math.round(scaled)} B` : `${sign}${oneDecimal.format(scaled)} ${BINARY_UNITS[i]}`
}

function formatSeconds(value: number): string {
  const abs = Math.abs(value)
  if (abs < 1) return `${upToOneDecimal.format(value * 1000)} ms`
  if (abs < 60) return `${upToOneDecimal.format(value)} s`
  if (abs < 3600) return `${upToOneDecimal.format(value / 60)} min`
  if (abs < 86400) return `${upToOneDecimal.format(value / 3600)} h`
  return `${upToOneDecimal.format(value / 86400)} d`
}

/** The raw value with at most 6 significant digits and no grouping: 42.5 → "42.5", 1234567 → "1234570". */
export function formatSignificant(value: number, digits = 6): string {
  if (!Number.isFinite(value)) return NO_VALUE
  return String(Number(value.toPrecision(digits)))
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" for null; "just now" for clock skew. */
export function formatAgo(thenMs: number | null, nowMs: number): string {
  if (thenMs === null) return 'never'
  const s = Math.floor((nowMs - thenMs) / 1000)
  if (s < 1) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  return `${Math.floor(s / 86400)} d ago`
}

/** A count with grouping: 12345 → "12,345". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString(LOCALE) : NO_VALUE
}
