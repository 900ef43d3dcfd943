// Cost savings: the projected total below plan.
import type { RecommendationOptions } from './options'
import { date, num, pct, type Finding } from './finding'
import type { SavingsFact } from './types'
import { formatNumber } from '../business/format'

/** Recommends action when projected savings fall short of plan by savingsShortfallWarning or more. */
export function savingsFindings(fact: SavingsFact, o: RecommendationOptions): Finding[] {
  const plan = fact.plannedTotal
  if (plan === undefined || plan <= 0) return []
  const f = fact.forecast
  const shortfall = (plan - f.total.mean) / plan
  if (shortfall < o.savingsShortfallWarning) return []
  const widest = f.total.ranges[f.total.ranges.length - 1]
  const hopeless = widest !== undefined && widest.upper < plan
  const unit = fact.unit ?? null
  const u = unit ? ` ${unit}` : ''
  return [
    {
      magnitude: shortfall / o.savingsShortfallWarning,
      recommendation: {
        id: 'savings-below-plan',
        severity: hopeless ? 'critical' : 'warning',
        view: 'executive',
        title: `Cost savings projected ${pct(shortfall * 100)} below plan`,
        detail: `Projected savings to ${date('', f.horizonEnd).value} are ${formatNumber(f.total.mean)}${u} against ${formatNumber(plan)}${u} planned${widest ? ` (${widest.level} % range ${formatNumber(widest.lower)}–${formatNumber(widest.upper)}${u})` : ''}.`,
        figures: [
          num('projected savings', f.total.mean, unit),
          num('planned savings', plan, unit),
          num('shortfall', shortfall * 100, '%'),
          ...(widest ? [num(`upper ${widest.level} % bound`, widest.upper, unit)] : []),
          date('by', f.horizonEnd)
        ],
        action: 'Review the savings plan per use case and push adoption where savings lag.'
      }
    }
  ]
}
