// Checks the facts object so a bad field gives a clear error naming it, not a wrong recommendation.
import type { RecommendationFacts } from './types'

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v
}

function finite(v: unknown, where: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} is ${show(v)}, expected a finite number`)
}

function name(v: unknown, where: string): void {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where} is ${show(v)}, expected a non-empty string`)
}

function list(v: unknown, where: string): asserts v is unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where} is ${show(v)}, expected an array`)
}

function object(v: unknown, where: string): asserts v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${where} is ${show(v)}, expected an object`)
}

/** Throws on the first invalid field, naming it (e.g. "facts.models[1].reference is 0, expected a positive number"). */
export function validateFacts(facts: RecommendationFacts): void {
  object(facts, 'facts')
  finite(facts.now, 'facts.now')
  if (facts.models !== undefined) {
    list(facts.models, 'facts.models')
    facts.models.forEach((m, i) => {
      const at = `facts.models[${i}]`
      object(m, at)
      name(m.model, `${at}.model`)
      name(m.metric, `${at}.metric`)
      finite(m.current, `${at}.current`)
      finite(m.reference, `${at}.reference`)
      if (m.reference <= 0) throw new Error(`${at}.reference is ${m.reference}, expected a positive number`)
      list(m.driftedFeatures, `${at}.driftedFeatures`)
      m.driftedFeatures.forEach((f, j) => name(f, `${at}.driftedFeatures[${j}]`))
      if (!Number.isInteger(m.featureCount) || m.featureCount < m.driftedFeatures.length) {
        throw new Error(`${at}.featureCount is ${show(m.featureCount)}, expected a whole number ≥ ${m.driftedFeatures.length} (the drifted features)`)
      }
    })
  }
  if (facts.utilisation !== undefined) {
    list(facts.utilisation, 'facts.utilisation')
    facts.utilisation.forEach((u, i) => {
      object(u, `facts.utilisation[${i}]`)
      name(u.resource, `facts.utilisation[${i}].resource`)
      list(u.dailyP95, `facts.utilisation[${i}].dailyP95`)
      u.dailyP95.forEach((v, j) => finite(v, `facts.utilisation[${i}].dailyP95[${j}]`))
    })
  }
  if (facts.capacity !== undefined) {
    list(facts.capacity, 'facts.capacity')
    facts.capacity.forEach((c, i) => {
      object(c, `facts.capacity[${i}]`)
      name(c.resource, `facts.capacity[${i}].resource`)
      if (!['disk', 'gpu', 'memory', 'other'].includes(c.kind)) throw new Error(`facts.capacity[${i}].kind is ${show(c.kind)}, expected disk, gpu, memory or other`)
      object(c.forecast, `facts.capacity[${i}].forecast`)
      if (!['exceeded', 'projected', 'not_within_horizon'].includes(c.forecast.status)) throw new Error(`facts.capacity[${i}].forecast.status is ${show(c.forecast.status)}, expected a capacityExhaustion result`)
    })
  }
  if (facts.adoption !== undefined) {
    object(facts.adoption, 'facts.adoption')
    object(facts.adoption.curve, 'facts.adoption.curve')
    if (facts.adoption.targetPercent !== undefined) finite(facts.adoption.targetPercent, 'facts.adoption.targetPercent')
    if (facts.adoption.trainingCompletionPercent !== undefined) finite(facts.adoption.trainingCompletionPercent, 'facts.adoption.trainingCompletionPercent')
  }
  if (facts.roi !== undefined) {
    object(facts.roi, 'facts.roi')
    object(facts.roi.trajectory, 'facts.roi.trajectory')
    if (facts.roi.targetRoiPercent !== undefined) finite(facts.roi.targetRoiPercent, 'facts.roi.targetRoiPercent')
    if (facts.roi.paybackMilestone !== undefined) {
      object(facts.roi.paybackMilestone, 'facts.roi.paybackMilestone')
      name(facts.roi.paybackMilestone.name, 'facts.roi.paybackMilestone.name')
      finite(facts.roi.paybackMilestone.due, 'facts.roi.paybackMilestone.due')
    }
  }
  if (facts.savings !== undefined) {
    object(facts.savings, 'facts.savings')
    object(facts.savings.forecast, 'facts.savings.forecast')
    if (facts.savings.plannedTotal !== undefined) finite(facts.savings.plannedTotal, 'facts.savings.plannedTotal')
  }
}
