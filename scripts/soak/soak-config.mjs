// The vigil.yaml of a soak run: the shipped default config (host metrics, the demo scenario, the
// push endpoint, every KPI and built-in view) with a shorter back-fill, the wallboard playlist's
// real rotation interval, and poll timeouts that allow for real work at an accelerated clock.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * @param {{ speed: number, backfill: string, backfillStep?: string, rotateS: number }} opts
 * backfill: a duration such as "7d" (the demo's history written at start); backfillStep: the
 * spacing of that history (default 15s, the demo's live poll interval).
 */
export function soakConfig({ speed, backfill, backfillStep = '15s', rotateS }) {
  const text = readFileSync(join(ROOT, 'resources', 'vigil.default.yaml'), 'utf8')
  // A poll's timeout is on the engine clock; at X× a 10 s timeout leaves 10/X s of real time for
  // real work (reading /proc, DuckDB), so it is stretched to at least 2 real seconds.
  const timeoutS = Math.max(10, Math.ceil(2 * speed))
  const tuned = text
    .replace(/backfill: 90d/, `backfill: ${backfill}`)
    // History as dense as the live data (the demo polls every 15 s): with the shipped 5-minute
    // back-fill step, every 1-day chart window filled up with 2.5× as many points over the first
    // simulated day, which a 24 h soak measured as page-heap growth (a fill up to the charts'
    // pixel-step cap, not a leak). Starting dense, the soak measures the steady state.
    .replace(/backfill_step: 5m/, `backfill_step: ${backfillStep}`)
    .replace(/(\n\s+kind: (?:host|demo)\n\s+interval: 15s)/g, `$1\n    timeout: ${timeoutS}s`)
  if (!tuned.includes(`backfill: ${backfill}`) || !tuned.includes(`backfill_step: ${backfillStep}`) || (tuned.match(/timeout: /g) ?? []).length < 2) {
    throw new Error('resources/vigil.default.yaml changed shape: the soak could not tune its sources')
  }
  // The playlist rotates on the page's real timers; stale_after stays the default (2 min of engine time).
  return `${tuned}\nwallboard:\n  interval: ${rotateS}s\n`
}
