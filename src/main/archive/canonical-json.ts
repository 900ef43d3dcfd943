// Canonical JSON (RFC 8785 in spirit): object keys sorted by code unit, no whitespace, so the
// same manifest always gives the same bytes to sign and to verify.

/** The canonical JSON text of a value; throws on what JSON cannot represent (NaN, undefined, functions). */
export function canonicalJson(value: unknown, where = '$'): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonical JSON: ${where} is ${value}, which JSON cannot represent`)
      return JSON.stringify(value)
    case 'string':
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${where}[${i}]`)).join(',')}]`
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${where}.${k}`)}`).join(',')}}`
    }
    default:
      throw new Error(`canonical JSON: ${where} is a ${typeof value}, which JSON cannot represent`)
  }
}
