// Sustained utilisation: saturated for days (add capacity) or idle for weeks (consolidate).
import type { RecommendationOptions } from './options'
import { num, pct, plural, type Finding } from './finding'
import type { UtilisationFact } from './types'

/** Length of the run at the end of the values where test holds. */
function trailingRun(values: readonly number[], test: (v: number) => boolean): number {
  let n = 0
  for (let i = values.length - 1; i >= 0 && test(values[i]); i--) n++
  return n
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Recommends capacity for a resource saturated `sustainedDays` in a row, consolidation for one idle `idleDays`. */
export function utilisationFindings(facts: readonly UtilisationFact[], o: RecommendationOptions): Finding[] {
  const out: Finding[] = []
  for (const f of facts) {
    const hot = trailingRun(f.dailyP95, (v) => v >= o.saturationPercent)
    if (hot >= o.sustainedDays) {
      const run = f.dailyP95.slice(-hot)
      const level = median(run)
      out.push({
        magnitude: hot / o.sustainedDays,
        recommendation: {
          id: `utilisation-saturated:${f.resource}`,
          severity: level >= o.saturationCriticalPercent ? 'critical' : 'warning',
          view: 'operational',
          title: `${f.resource} at ${pct(level)} p95 for ${plural(hot, 'day')}: add capacity`,
          detail: `Daily p95 utilisation has been at or above ${pct(o.saturationPercent)} for the last ${plural(hot, 'day')} (median ${pct(level)}, peak ${pct(Math.max(...run))}): requests queue at peak times.`,
          figures: [num('median daily p95', level, '%'), num('peak daily p95', Math.max(...run), '%'), num('days saturated', hot, 'days'), num('saturation level', o.saturationPercent, '%')],
          action: `Add capacity for ${f.resource} or move batch work out of peak hours.`
        }
      })
      continue
    }
    const idle = trailingRun(f.dailyP95, (v) => v < o.idlePercent)
    if (idle >= o.idleDays) {
      const level = Math.max(...f.dailyP95.slice(-idle))
      out.push({
        magnitude: idle / o.idleDays,
        recommendation: {
          id: `utilisation-idle:${f.resource}`,
          severity: 'info',
          view: 'operational',
          title: `${f.resource} below ${pct(o.idlePercent)} p95 for ${plural(idle, 'day')}: consolidate`,
          detail: `Daily p95 utilisation has stayed under ${pct(o.idlePercent)} for ${plural(idle, 'day')} (highest ${pct(level)}): the resource is paid for but mostly idle.`,
          figures: [num('highest daily p95', level, '%'), num('days idle', idle, 'days'), num('idle level', o.idlePercent, '%')],
          action: `Consolidate workloads onto fewer resources or downsize ${f.resource}.`
        }
      })
    }
  }
  return out
}
