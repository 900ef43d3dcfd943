// Model quality: a metric down vs its reference, with or without input drift.
import type { RecommendationOptions } from './options'
import { num, pct, plural, type Finding } from './finding'
import type { ModelQualityFact } from './types'

/** Recommends retraining (drop + drift), investigation (drop, no drift) or watching (drift only). */
export function modelFindings(models: readonly ModelQualityFact[], o: RecommendationOptions): Finding[] {
  const out: Finding[] = []
  for (const m of models) {
    const drop = (m.reference - m.current) / m.reference
    const n = m.driftedFeatures.length
    const share = m.featureCount > 0 ? n / m.featureCount : 0
    const figures = [
      num(`${m.metric} now`, m.current),
      num(`${m.metric} reference`, m.reference),
      num(`${m.metric} change`, -drop * 100, '%'),
      num('drifted features', n),
      num('features tested', m.featureCount)
    ]
    const listed = n > 0 ? ` (${m.driftedFeatures.slice(0, 5).join(', ')}${n > 5 ? ', …' : ''})` : ''
    if (drop >= o.qualityDropWarning) {
      const severity = drop >= o.qualityDropCritical ? 'critical' : 'warning'
      const down = `${m.metric} down ${pct(drop * 100)} vs reference`
      out.push({
        magnitude: drop / o.qualityDropWarning,
        recommendation:
          n > 0
            ? {
                id: `model-retrain:${m.model}`,
                severity,
                view: 'technical',
                title: `${m.model}: ${down} and drift on ${plural(n, 'feature')}: retrain`,
                detail: `${m.metric} is ${num('', m.current).value} against ${num('', m.reference).value} in the reference window, and ${n} of ${m.featureCount} features drifted${listed}: the model no longer sees the data it was trained on.`,
                figures,
                action: `Retrain ${m.model} on recent labelled data and compare it with the current model on a holdout before promoting it.`
              }
            : {
                id: `model-investigate:${m.model}`,
                severity,
                view: 'technical',
                title: `${m.model}: ${down} without input drift: check labels and concept drift`,
                detail: `${m.metric} is ${num('', m.current).value} against ${num('', m.reference).value} in the reference window while none of the ${m.featureCount} features drifted: the inputs look the same but the outcome changed, or the labels did.`,
                figures,
                action: `Check label quality and delay for ${m.model}, then whether the link between features and outcome changed (concept drift); retrain if the drop persists.`
              }
      })
    } else if (n > 0 && share >= o.driftShareInfo) {
      out.push({
        magnitude: share / o.driftShareInfo,
        recommendation: {
          id: `model-drift-watch:${m.model}`,
          severity: 'info',
          view: 'technical',
          title: `${m.model}: drift on ${n} of ${m.featureCount} features, ${m.metric} holding`,
          detail: `${n} features drifted${listed}; ${m.metric} is ${num('', m.current).value} against ${num('', m.reference).value} (${pct(-drop * 100)}), within the ${pct(o.qualityDropWarning * 100)} tolerance so far.`,
          figures,
          action: `Watch ${m.metric} as labels arrive and prepare a retraining data set for ${m.model}.`
        }
      })
    }
  }
  return out
}
