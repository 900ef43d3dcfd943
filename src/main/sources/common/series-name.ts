// Series names derived from column names, metric names or source ids must satisfy the config's series-name rule.

const INVALID_RUN = /[^A-Za-z0-9_:.]+/g
const INVALID_EDGES = /^[^A-Za-z0-9_:.]+|[^A-Za-z0-9_:.]+$/g

/** Turns arbitrary text into a valid series name: "Revenue (EUR)" → "Revenue_EUR", "5xx" → "_5xx". */
export function toSeriesName(text: string): string {
  const cleaned = text.replace(INVALID_EDGES, '').replace(INVALID_RUN, '_')
  if (cleaned === '') return '_'
  return /^[0-9.]/.test(cleaned) ? `_${cleaned}` : cleaned
}

/** Turns arbitrary text into a valid label name: "Team Name" → "Team_Name". */
export function toLabelName(text: string): string {
  const cleaned = text.trim().replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, '').replace(/[^A-Za-z0-9_]+/g, '_')
  if (cleaned === '') return '_'
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned
}
