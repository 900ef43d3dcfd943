// Numbers as the reasons and recommendations show them: short, with thousands separators.

/** At most 4 significant digits; whole numbers with separators from 1000 up ("1,250,000", "42.5"). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US')
  const rounded = Number(value.toPrecision(4))
  return String(Object.is(rounded, -0) ? 0 : rounded)
}

/** Rounds to `digits` significant digits for figures (keeps them short and JSON-stable). */
export function roundSig(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value
  const r = Number(value.toPrecision(digits))
  return Object.is(r, -0) ? 0 : r
}
