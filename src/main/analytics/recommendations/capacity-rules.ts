// Capacity exhaustion: "disk full in 9 days", "GPU saturated by DATE".
import type { RecommendationOptions } from './options'
import { date, isoDay, num, pct, spanText, type Finding } from './finding'
import type { CapacityFact, Severity } from './types'

function wording(kind: CapacityFact['kind']): { state: string; action: (r: string) => string } {
  if (kind === 'disk') return { state: 'full', action: (r) => `Free space on ${r} or extend the volume; check retention and log rotation.` }
  return { state: 'saturated', action: (r) => `Add capacity for ${r} or shift load away from it.` }
}

/** Recommends action by how soon the forecast reaches capacity (mean date; the upper band when only it does). */
export function capacityFindings(facts: readonly CapacityFact[], now: number, o: RecommendationOptions): Finding[] {
  const out: Finding[] = []
  for (const { resource, kind, forecast: f } of facts) {
    const { state, action } = wording(kind)
    const base = [num('used now', f.currentPercentOfCapacity, '% of capacity'), num('trend', (f.trendPerDay / f.capacity) * 100, '% of capacity/day')]
    const widest = f.ranges[f.ranges.length - 1]
    if (f.status === 'exceeded' && f.date !== null) {
      out.push({
        magnitude: o.capacityWarningDays / 0.1,
        recommendation: {
          id: `capacity:${resource}`,
          severity: 'critical',
          view: 'operational',
          title: `${resource} ${state} since ${isoDay(f.date)}`,
          detail: `${resource} is at ${pct(f.currentPercentOfCapacity)} of capacity and has been at or over it since ${isoDay(f.date)}.`,
          figures: [...base, date(`${state} since`, f.date)],
          action: action(resource)
        }
      })
    } else if (f.status === 'projected' && f.date !== null) {
      const days = Math.max(0, (f.date - now) / 86_400_000)
      const severity: Severity = days <= o.capacityCriticalDays ? 'critical' : days <= o.capacityWarningDays ? 'warning' : 'info'
      const title = kind === 'disk' ? `${resource} full in ${spanText(days)}` : `${resource} ${state} by ${isoDay(f.date)}`
      const early = widest && widest.earliest !== null ? `, possibly from ${isoDay(widest.earliest)} (upper ${widest.level} % band)` : ''
      out.push({
        magnitude: o.capacityWarningDays / Math.max(days, 0.1),
        recommendation: {
          id: `capacity:${resource}`,
          severity,
          view: 'operational',
          title,
          detail: `${resource} is at ${pct(f.currentPercentOfCapacity)} of capacity; the forecast (${f.model}) reaches it on ${isoDay(f.date)}${early}.`,
          figures: [...base, num(`days until ${state}`, days, 'days'), date(`${state} on`, f.date), ...(widest && widest.earliest !== null ? [date(`earliest (${widest.level} % band)`, widest.earliest)] : [])],
          action: action(resource)
        }
      })
    } else if (f.status === 'not_within_horizon' && widest && widest.earliest !== null) {
      const days = Math.max(0, (widest.earliest - now) / 86_400_000)
      if (days > o.capacityWarningDays) continue
      out.push({
        magnitude: o.capacityWarningDays / Math.max(days, 0.1) / 2,
        recommendation: {
          id: `capacity:${resource}`,
          severity: 'info',
          view: 'operational',
          title: `${resource} could be ${state} by ${isoDay(widest.earliest)}`,
          detail: `The expected path stays under capacity, but the upper ${widest.level} % band reaches it in ${spanText(days)}: a burst or faster growth would exhaust ${resource}.`,
          figures: [...base, date(`earliest ${state} (${widest.level} % band)`, widest.earliest)],
          action: `Plan capacity for ${resource}; no action needed yet if growth stays on trend.`
        }
      })
    }
  }
  return out
}
