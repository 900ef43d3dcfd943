// Makes a forecast of a cumulative total consistent with what a total can do: never fall.

/**
 * Floors the path at the last observed total and takes the running maximum. Valid for the mean
 * and for each band bound alike: a non-decreasing process has non-decreasing quantiles, and a
 * bound raised to a level the total cannot be below keeps the band's coverage.
 */
export function nonDecreasing(path: readonly number[], lastObserved: number): number[] {
  const out = new Array<number>(path.length)
  let floor = lastObserved
  for (let k = 0; k < path.length; k++) {
    floor = Math.max(floor, path[k])
    out[k] = floor
  }
  return out
}
