// The shipped default config (the demo scenario with every KPI, milestone and view) tuned for
// tests: a shorter back-fill so the server starts quickly, faster polls and flushes, and extra
// YAML (e.g. a wallboard section or sources) appended by the caller.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** The default vigil.yaml with test timings, followed by `extra` (top-level YAML keys). */
export function demoConfig(extra = ''): string {
  const text = readFileSync(resolve(__dirname, '../../resources/vigil.default.yaml'), 'utf8')
  const tuned = text
    .replace(/backfill: 90d/, 'backfill: 30d')
    .replace(/backfill_step: 5m/, 'backfill_step: 15m')
    .replace(/interval: 15s/g, 'interval: 5s')
    .replace(/flush_interval: \S+/, 'flush_interval: 50ms')
  if (tuned === text) throw new Error('resources/vigil.default.yaml changed shape: demoConfig() could not tune it')
  return extra === '' ? tuned : `${tuned}\n${extra}\n`
}
