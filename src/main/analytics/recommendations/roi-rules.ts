// ROI: payback later than its milestone, ROI projected below target.
import type { RecommendationOptions } from './options'
import { date, isoDay, num, pct, spanText, type Finding } from './finding'
import type { Figure, RoiFact, Severity } from './types'

const DAY = 86_400_000
const BENEFIT_ACTION = 'Re-plan the milestone, or act on the benefit side: speed up the use cases that drive savings and trim run costs.'

/** Recommends action when payback slips past its milestone or ROI is projected below target. */
export function roiFindings(fact: RoiFact, o: RecommendationOptions): Finding[] {
  const t = fact.trajectory
  const out: Finding[] = []
  const milestone = fact.paybackMilestone
  const p = t.payback
  const widest = p.ranges[p.ranges.length - 1]
  if (milestone && p.status === 'projected' && p.date !== null) {
    const delayDays = (p.date - milestone.due) / DAY
    if (delayDays > o.paybackToleranceDays) {
      const severity: Severity = delayDays > o.paybackCriticalDays ? 'critical' : 'warning'
      const figures: Figure[] = [date('payback projected', p.date), date(`milestone "${milestone.name}"`, milestone.due), num('delay', delayDays, 'days'), num('ROI now', t.currentRoiPercent, '%')]
      if (widest) {
        if (widest.earliest !== null) figures.push(date(`earliest (${widest.level} % band)`, widest.earliest))
        if (widest.latest !== null) figures.push(date(`latest (${widest.level} % band)`, widest.latest))
      }
      out.push({
        magnitude: delayDays / o.paybackToleranceDays,
        recommendation: {
          id: 'roi-payback-late',
          severity,
          view: 'executive',
          title: `Payback projected for ${isoDay(p.date)}, ${spanText(delayDays)} later than the milestone`,
          detail: `${p.reason}; the milestone "${milestone.name}" is due ${isoDay(milestone.due)}.`,
          figures,
          action: BENEFIT_ACTION
        }
      })
    }
  } else if (milestone && p.status === 'not_within_horizon' && milestone.due <= t.horizonEnd) {
    const lateBy = (t.horizonEnd - milestone.due) / DAY
    out.push({
      magnitude: Math.max(lateBy, o.paybackCriticalDays) / o.paybackToleranceDays,
      recommendation: {
        id: 'roi-payback-late',
        severity: 'critical',
        view: 'executive',
        title: `Payback not projected before ${isoDay(t.horizonEnd)}; the milestone is ${isoDay(milestone.due)}`,
        detail: `${p.reason}.`,
        figures: [date(`milestone "${milestone.name}"`, milestone.due), date('horizon end', t.horizonEnd), num('ROI now', t.currentRoiPercent, '%'), num('ROI at horizon end', t.roi.mean[t.roi.mean.length - 1] ?? t.currentRoiPercent, '%')],
        action: BENEFIT_ACTION
      }
    })
  }
  const target = fact.targetRoiPercent
  const last = t.roi.mean.length - 1
  const end = t.roi.mean[last]
  const band = t.roi.intervals[t.roi.intervals.length - 1]
  if (target !== undefined && end !== null && end < target) {
    const upper = band?.upper[last] ?? null
    const hopeless = upper !== null && upper < target
    out.push({
      magnitude: (target - end) / Math.max(Math.abs(target), 1) * 10,
      recommendation: {
        id: 'roi-below-target',
        severity: hopeless ? 'critical' : 'warning',
        view: 'executive',
        title: `ROI projected at ${pct(end)} by ${isoDay(t.roi.times[last])}, below the ${pct(target)} target`,
        detail: `ROI is ${pct(t.currentRoiPercent)} now; the projection reaches ${pct(end)} in six months${upper !== null ? ` (upper ${band.level} % bound ${pct(upper)})` : ''}${hopeless ? ', so even the optimistic path misses the target' : ''}.`,
        figures: [num('ROI now', t.currentRoiPercent, '%'), num('ROI projected', end, '%'), ...(upper !== null ? [num(`ROI upper ${band.level} % bound`, upper, '%')] : []), num('target', target, '%'), date('at', t.roi.times[last])],
        action: BENEFIT_ACTION
      }
    })
  }
  return out
}
