// `storage.memory_limit` in vigil.yaml: DuckDB's memory cap (its cache of the database file,
// in-memory table data and query state). DuckDB's own default is 80 % of the machine's RAM, which
// let the engine's RSS grow with the data for months on a wallboard box; Vigil caps it.
import { z } from 'zod'

/** The cap when vigil.yaml names none. */
export const DEFAULT_MEMORY_LIMIT = '512MB'

/** Smallest cap accepted: below it DuckDB cannot hold a roll-up step's working set. */
export const MIN_MEMORY_LIMIT_BYTES = 64 * 2 ** 20

const UNIT_BYTES: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 }

/** "512MB", "1.5 GiB" → bytes, as DuckDB's memory_limit reads them; null when the text is not such a size. */
export function memoryLimitBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(kb|mb|gb|tb|kib|mib|gib|tib)\s*$/i.exec(text)
  return m ? Math.round(Number(m[1]) * UNIT_BYTES[m[2].toLowerCase()]) : null
}

/** Why `text` is not an acceptable memory cap, or null when it is. */
export function memoryLimitProblem(text: unknown): string | null {
  if (typeof text !== 'string') return `expected a size such as "512MB" or "2GB", got ${text === null ? 'null' : typeof text}`
  const bytes = memoryLimitBytes(text)
  if (bytes === null) return `expected a size such as "512MB" or "2GB" (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), got "${text}"`
  if (bytes < MIN_MEMORY_LIMIT_BYTES) return `"${text}" is below the smallest cap DuckDB can work in (64MiB)`
  return null
}

/** storage.memory_limit: a size such as "512MB" or "2GB" (default DEFAULT_MEMORY_LIMIT). */
export const memoryLimitSchema = z
  .string()
  .describe('DuckDB memory cap, a size such as "512MB" or "2GB"')
  .superRefine((text, ctx) => {
    const problem = memoryLimitProblem(text)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .default(DEFAULT_MEMORY_LIMIT)
