// Tests that need a system program skip with a printed reason where it is missing, but fail under CI.
import { existsSync } from 'node:fs'

/** True when every path exists; otherwise prints why the tests are skipped (or throws when CI is set). */
export function hasPrograms(what: string, paths: string[], hint: string): boolean {
  const missing = paths.filter((p) => !existsSync(p))
  if (missing.length === 0) return true
  const reason = `${what} tests need ${missing.join(', ')} (${hint})`
  if (process.env.CI) throw new Error(`${reason}; CI must not skip them`)
  console.warn(`SKIPPED: ${reason}`)
  return false
}
