// Short, safe renderings of untrusted values for messages.

const MAX_SHOWN = 60

/** A value as it would appear in JSON, cut to a readable length ("abc", 12, null, {...}). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing'
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (typeof value === 'bigint') return `${value}`
  if (typeof value === 'string') return truncate(JSON.stringify(value))
  if (Array.isArray(value)) return truncate(`an array ${safeJson(value)}`)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString()
  if (typeof value === 'object') return truncate(`an object ${safeJson(value)}`)
  return truncate(String(value))
}

/** Cuts text to `max` characters, marking the cut with "…". */
export function truncate(text: string, max = MAX_SHOWN): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
