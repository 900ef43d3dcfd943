// Input checks shared by the statistics: clear errors naming the function and the position.

/** Throws unless `values` is a non-empty array of finite numbers. */
export function assertFiniteSample(values: readonly number[], fn: string, side: string): void {
  if (values.length === 0) throw new Error(`${fn}: the ${side} sample is empty`)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${fn}: ${side}[${i}] is ${String(v)}, expected a finite number`)
  }
}

/** Throws unless `values` is a non-empty array of strings. */
export function assertCategorySample(values: readonly string[], fn: string, side: string): void {
  if (values.length === 0) throw new Error(`${fn}: the ${side} sample is empty`)
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'string') throw new Error(`${fn}: ${side}[${i}] is ${String(values[i])}, expected a category string`)
  }
}

/** Ascending copy of a numeric sample. */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort()
}
