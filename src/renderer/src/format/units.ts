// Display units, inferred from Prometheus-style series-name suffixes (e.g. "_usd_total", "_percent").

export type Unit = 'usd' | 'percent' | 'bytes' | 'seconds' | 'ms' | 'number'

const SUFFIX_UNITS: ReadonlyArray<[RegExp, Unit]> = [
  [/_usd(_total)?$/, 'usd'],
  [/_percent(_total)?$/, 'percent'],
  [/_bytes(_total)?$/, 'bytes'],
  [/_seconds(_total)?$/, 'seconds'],
  [/_ms(_total)?$/, 'ms']
]

/** The display unit of a series, from its name's suffix; "number" when none matches. */
export function unitForSeries(name: string): Unit {
  for (const [pattern, unit] of SUFFIX_UNITS) if (pattern.test(name)) return unit
  return 'number'
}
