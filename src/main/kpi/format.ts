// Numbers and times as KPI reasons and baseline sources show them: short, unit-aware, UTC.

// One formatter for every call: toLocaleString builds one each time (tens of ms the first time).
const WHOLE_EN_US = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** A number with at most 4 significant digits (whole numbers from 1000 up, with thousands separators). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) >= 1000) return WHOLE_EN_US.format(Math.round(value))
  const rounded = Number(value.toPrecision(4))
  return String(Object.is(rounded, -0) ? 0 : rounded)
}

/** A number followed by its unit ("28.6 %", "600 ms", "1,200,000 USD"). */
export function formatQuantity(value: number, unit: string | null): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value)
}

/** A fraction as a percentage ("10 %"). */
export function formatFraction(fraction: number): string {
  return `${formatNumber(fraction * 100)} %`
}

/** An epoch-ms time as "2026-08-01 09:30 UTC". */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}
