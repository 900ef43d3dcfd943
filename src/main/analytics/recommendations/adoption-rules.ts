// Adoption: a plateau below target, blamed on training when training completion is low.
import type { RecommendationOptions } from './options'
import { date, num, pct, type Finding } from './finding'
import type { AdoptionFact, Figure, Severity } from './types'

/** "33 percentage points". */
function formatPoints(gap: number): string {
  const g = Math.round(gap)
  return `${g} percentage point${g === 1 ? '' : 's'}`
}

/** Recommends action when the fitted adoption plateau is (or is heading) below target. */
export function adoptionFindings(fact: AdoptionFact, o: RecommendationOptions): Finding[] {
  const c = fact.curve
  // Without a fit, or with a plateau the data do not determine, there is nothing sound to say.
  if (c.status !== 'fitted' || !c.plateauIdentified) return []
  const K = c.plateau.value
  const target = fact.targetPercent
  const training = fact.trainingCompletionPercent
  const gap = target === undefined ? 0 : target - K
  const figures: Figure[] = [num('adoption now', c.current, '%'), num('plateau (fitted)', K, '%'), date(`${Math.round(c.plateauReach.fraction * 100)} % of plateau`, c.plateauReach.date), num('fit R²', c.r2)]
  if (target !== undefined) figures.push(num('target', target, '%'))
  if (training !== undefined) figures.push(num('training completion', training, '%'))
  const lowTraining = training !== undefined && training < o.trainingCompletionLow
  const action = lowTraining
    ? `Raise training completion (${pct(training!)}) first: users who are not trained rarely adopt.`
    : training !== undefined
      ? `Training is largely done (${pct(training)}): look for other barriers (use cases that fit the work, tools integrated where people work, access and licences).`
      : 'Find out what stops the remaining staff: training, use cases, integration in daily tools, access.'
  if (c.plateauReach.reached) {
    if (target === undefined ? !lowTraining : gap <= 0) return []
    const severity: Severity = target !== undefined && gap >= o.adoptionGapPoints ? 'warning' : 'info'
    const why = lowTraining ? `training completion is ${pct(training!)}` : target !== undefined ? `${formatPoints(gap)} below the ${pct(target)} target` : 'growth has stopped'
    return [
      {
        magnitude: target !== undefined ? gap / o.adoptionGapPoints : 1,
        recommendation: {
          id: 'adoption-plateau',
          severity,
          view: 'executive',
          title: `Adoption plateaued at ${pct(K)}: ${why}`,
          detail: `The logistic fit (R² ${num('', c.r2).value}) puts the plateau at ${pct(K)}, ${Math.round(c.plateauReach.fraction * 100)} % of it reached by ${figures[2].value}${target !== undefined ? `; the target is ${pct(target)}` : ''}.`,
          figures,
          action
        }
      }
    ]
  }
  if (target === undefined || gap < o.adoptionGapPoints) return []
  return [
    {
      magnitude: gap / o.adoptionGapPoints / 2,
      recommendation: {
        id: 'adoption-heading-below-target',
        severity: 'info',
        view: 'executive',
        title: `Adoption heading for a plateau of ${pct(K)}, below the ${pct(target)} target`,
        detail: `Adoption is ${pct(c.current)} and still growing, but the logistic fit (R² ${num('', c.r2).value}) levels off at ${pct(K)} around ${figures[2].value}.`,
        figures,
        action
      }
    }
  ]
}
