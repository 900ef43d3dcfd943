// Rule-based optimisation recommendations from analytics facts, most urgent first.
import { adoptionFindings } from './adoption-rules'
import { capacityFindings } from './capacity-rules'
import type { Finding } from './finding'
import { modelFindings } from './model-rules'
import { resolveOptions, type RecommendationOptions } from './options'
import { roiFindings } from './roi-rules'
import { savingsFindings } from './savings-rules'
import type { Recommendation, RecommendationFacts, Severity } from './types'
import { utilisationFindings } from './utilisation-rules'
import { validateFacts } from './validate-facts'

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 }

/** Runs every rule on the facts; ordered by severity, then magnitude (largest first), then id. */
export function recommend(facts: RecommendationFacts, options: Partial<RecommendationOptions> = {}): Recommendation[] {
  const o = resolveOptions(options)
  validateFacts(facts)
  const findings: Finding[] = [
    ...modelFindings(facts.models ?? [], o),
    ...utilisationFindings(facts.utilisation ?? [], o),
    ...capacityFindings(facts.capacity ?? [], facts.now, o),
    ...(facts.adoption ? adoptionFindings(facts.adoption, o) : []),
    ...(facts.roi ? roiFindings(facts.roi, o) : []),
    ...(facts.savings ? savingsFindings(facts.savings, o) : [])
  ]
  findings.sort(
    (a, b) =>
      RANK[a.recommendation.severity] - RANK[b.recommendation.severity] ||
      b.magnitude - a.magnitude ||
      (a.recommendation.id < b.recommendation.id ? -1 : a.recommendation.id > b.recommendation.id ? 1 : 0)
  )
  return findings.map((f) => f.recommendation)
}
