import { describe, expect, it } from 'vitest'
import { adoptionCurve } from '../business/adoption-curve'
import { capacityExhaustion } from '../business/capacity-exhaustion'
import { roiTrajectory } from '../business/roi-trajectory'
import { savingsForecast } from '../business/savings-forecast'
import { DAY_MS } from '../business/series'
import { dailySeries, driftForecaster, flatForecaster } from '../business/test-support'
import { recommend } from './recommend'
import type { CapacityFact, ModelQualityFact, RecommendationFacts } from './types'

const START = Date.UTC(2026, 0, 1)
const day = (d: number) => START + d * DAY_MS
const NOW = day(100)

function model(current: number, reference: number, drifted: string[], featureCount = 10, name = 'fraud-detector'): ModelQualityFact {
  return { model: name, metric: 'F1', current, reference, driftedFeatures: drifted, featureCount }
}

/** A disk forecast: used grows `perDay` GB/day from `usedNow` on a 1000 GB disk. */
function disk(resource: string, usedNow: number, perDay: number, sd = 3): CapacityFact {
  const forecast = capacityExhaustion({ usage: dailySeries(day(70), 31, (d) => usedNow - perDay * (30 - d)), capacity: 1000, now: NOW, forecaster: driftForecaster(sd) })
  return { resource, kind: 'disk', forecast }
}

describe('recommend: models', () => {
  it('says "F1 down 8 % vs reference and drift on 3 features: retrain", citing the figures', () => {
    const [r] = recommend({ now: NOW, models: [model(0.8, 0.87, ['amount', 'merchant_category', 'hour'])] })
    expect(r).toMatchObject({ id: 'model-retrain:fraud-detector', severity: 'warning', view: 'technical', title: 'fraud-detector: F1 down 8 % vs reference and drift on 3 features: retrain' })
    expect(r.figures).toEqual([
      { label: 'F1 now', value: 0.8, unit: null },
      { label: 'F1 reference', value: 0.87, unit: null },
      { label: 'F1 change', value: -8.046, unit: '%' },
      { label: 'drifted features', value: 3, unit: null },
      { label: 'features tested', value: 10, unit: null }
    ])
    expect(r.detail).toBe('F1 is 0.8 against 0.87 in the reference window, and 3 of 10 features drifted (amount, merchant_category, hour): the model no longer sees the data it was trained on.')
    expect(r.action).toMatch(/^Retrain fraud-detector/)
  })

  it('grades by the drop and tells drift-free drops and drift-only cases apart', () => {
    const out = recommend({
      now: NOW,
      models: [model(0.75, 0.87, ['amount'], 10, 'a'), model(0.8, 0.87, [], 10, 'b'), model(0.86, 0.87, ['x', 'y', 'z', 'w'], 10, 'c'), model(0.86, 0.87, ['x'], 10, 'd'), model(0.85, 0.87, ['x', 'y'], 10, 'e')]
    })
    expect(out.map((r) => [r.id, r.severity])).toEqual([
      ['model-retrain:a', 'critical'],
      ['model-investigate:b', 'warning'],
      ['model-drift-watch:c', 'info']
    ])
    expect(out[1].title).toBe('b: F1 down 8 % vs reference without input drift: check labels and concept drift')
    expect(out[2].title).toBe('c: drift on 4 of 10 features, F1 holding')
  })
})

describe('recommend: utilisation and capacity', () => {
  it('says "GPU at 95 % p95 for 7 days: add capacity" only once the run is long enough', () => {
    const seven = [60, 70, 95, 94, 96, 95, 95, 97, 93]
    const [r] = recommend({ now: NOW, utilisation: [{ resource: 'GPU 0', dailyP95: seven }] })
    expect(r).toMatchObject({ id: 'utilisation-saturated:GPU 0', severity: 'warning', view: 'operational', title: 'GPU 0 at 95 % p95 for 7 days: add capacity' })
    expect(r.figures).toContainEqual({ label: 'days saturated', value: 7, unit: 'days' })
    expect(recommend({ now: NOW, utilisation: [{ resource: 'GPU 0', dailyP95: seven.slice(3) }] })).toEqual([])
    expect(recommend({ now: NOW, utilisation: [{ resource: 'GPU 0', dailyP95: seven.slice(3) }] }, { sustainedDays: 5 })).toHaveLength(1)
    const [hot] = recommend({ now: NOW, utilisation: [{ resource: 'GPU 1', dailyP95: new Array(8).fill(99) }] })
    expect(hot.severity).toBe('critical')
    const [idle] = recommend({ now: NOW, utilisation: [{ resource: 'GPU 3', dailyP95: [50, ...new Array(14).fill(12)] }] })
    expect(idle).toMatchObject({ id: 'utilisation-idle:GPU 3', severity: 'info', title: 'GPU 3 below 20 % p95 for 14 days: consolidate' })
  })

  it('says "disk full in 9 days" and grades capacity findings by how soon', () => {
    const out = recommend({
      now: NOW,
      capacity: [disk('disk /data', 910, 10), disk('disk /logs', 950, 10), disk('disk /archive', 400, 10), disk('disk /tmp', 500, 0, 60), { resource: 'GPU 2', kind: 'gpu', forecast: disk('x', 1010, 1).forecast }]
    })
    expect(out.map((r) => [r.severity, r.title])).toEqual([
      ['critical', 'GPU 2 saturated since 2026-04-01'],
      ['critical', 'disk /logs full in 5 days'],
      ['warning', 'disk /data full in 9 days'],
      ['info', 'disk /tmp could be full by 2026-04-29'],
      ['info', 'disk /archive full in 2 months']
    ])
    const data = out[2]
    expect(data.figures).toContainEqual({ label: 'days until full', value: 9, unit: 'days' })
    expect(data.figures).toContainEqual({ label: 'full on', value: '2026-04-20', unit: 'date' })
    expect(data.figures.find((f) => f.label === 'earliest (95 % band)')?.unit).toBe('date')
  })
})

describe('recommend: adoption', () => {
  const plateau42 = adoptionCurve({ adoption: dailySeries(START, 100, (d) => 42 / (1 + Math.exp(-0.15 * (d - 30)))), now: day(99) })

  it('says "adoption plateaued at 42 %: training completion is 31 %"', () => {
    const [r] = recommend({ now: NOW, adoption: { curve: plateau42, targetPercent: 75, trainingCompletionPercent: 31 } })
    expect(r).toMatchObject({ id: 'adoption-plateau', severity: 'warning', view: 'executive', title: 'Adoption plateaued at 42 %: training completion is 31 %' })
    expect(r.figures).toContainEqual({ label: 'training completion', value: 31, unit: '%' })
    expect(r.figures).toContainEqual({ label: 'plateau (fitted)', value: 42, unit: '%' })
    expect(r.action).toMatch(/^Raise training completion \(31 %\)/)
  })

  it('looks beyond training when it is done, stays quiet at target, and warns early when heading below it', () => {
    const [r] = recommend({ now: NOW, adoption: { curve: plateau42, targetPercent: 75, trainingCompletionPercent: 88 } })
    expect(r.title).toBe('Adoption plateaued at 42 %: 33 percentage points below the 75 % target')
    expect(r.action).toMatch(/^Training is largely done \(88 %\)/)
    expect(recommend({ now: NOW, adoption: { curve: plateau42, targetPercent: 40, trainingCompletionPercent: 88 } })).toEqual([])
    const growing = adoptionCurve({ adoption: dailySeries(START, 40, (d) => 42 / (1 + Math.exp(-0.15 * (d - 30)))), now: day(39) })
    const [early] = recommend({ now: NOW, adoption: { curve: growing, targetPercent: 75 } })
    expect(early).toMatchObject({ id: 'adoption-heading-below-target', severity: 'info' })
    expect(early.title).toMatch(/^Adoption heading for a plateau of 4\d %, below the 75 % target$/)
    const notFitted = adoptionCurve({ adoption: dailySeries(START, 5, (d) => d), now: day(4) })
    expect(recommend({ now: NOW, adoption: { curve: notFitted, targetPercent: 75, trainingCompletionPercent: 10 } })).toEqual([])
  })
})

describe('recommend: ROI and savings', () => {
  // Payback on the mean path on day 50 (2026-02-20); see the roiTrajectory tests.
  const trajectory = roiTrajectory({ benefit: dailySeries(START, 31, (d) => 500 + 10 * d), cost: dailySeries(START, 31, () => 1000), now: day(30), forecaster: driftForecaster(5) })

  it('says "payback projected for DATE, 2 months later than the milestone"', () => {
    const [r] = recommend({ now: day(30), roi: { trajectory, paybackMilestone: { name: 'Break-even', due: day(50 - 61) } } })
    expect(r).toMatchObject({ id: 'roi-payback-late', severity: 'warning', view: 'executive', title: 'Payback projected for 2026-02-20, 2 months later than the milestone' })
    expect(r.figures.slice(0, 3)).toEqual([
      { label: 'payback projected', value: '2026-02-20', unit: 'date' },
      { label: 'milestone "Break-even"', value: '2025-12-21', unit: 'date' },
      { label: 'delay', value: 61, unit: 'days' }
    ])
    expect(recommend({ now: day(30), roi: { trajectory, paybackMilestone: { name: 'Break-even', due: day(45) } } })).toEqual([])
    const [late] = recommend({ now: day(30), roi: { trajectory, paybackMilestone: { name: 'Break-even', due: day(-50) } } })
    expect(late.severity).toBe('critical')
  })

  it('is critical when payback is not projected within the horizon but the milestone is', () => {
    const never = roiTrajectory({ benefit: dailySeries(START, 31, (d) => 100 + d), cost: dailySeries(START, 31, (d) => 1000 + 20 * d), now: day(30), forecaster: driftForecaster(1) })
    const [r] = recommend({ now: day(30), roi: { trajectory: never, paybackMilestone: { name: 'Break-even', due: day(120) } } })
    expect(r).toMatchObject({ severity: 'critical', title: 'Payback not projected before 2026-08-02; the milestone is 2026-05-01' })
    expect(recommend({ now: day(30), roi: { trajectory: never, paybackMilestone: { name: 'Break-even', due: day(400) } } })).toEqual([])
  })

  it('grades ROI below target by whether even the upper band misses it', () => {
    expect(recommend({ now: day(30), roi: { trajectory, targetRoiPercent: 25 } })).toEqual([])
    const [warn] = recommend({ now: day(30), roi: { trajectory, targetRoiPercent: 170 } })
    expect(warn).toMatchObject({ id: 'roi-below-target', severity: 'warning', title: 'ROI projected at 163 % by 2026-08-02, below the 170 % target' })
    const [crit] = recommend({ now: day(30), roi: { trajectory, targetRoiPercent: 400 } })
    expect(crit.severity).toBe('critical')
  })

  it('flags projected savings below plan', () => {
    const wide = savingsForecast({ rate: dailySeries(START, 30, () => 1000), now: day(29), forecaster: flatForecaster(300) })
    const [r] = recommend({ now: day(29), savings: { forecast: wide, plannedTotal: 250_000, unit: 'USD' } })
    expect(r).toMatchObject({ id: 'savings-below-plan', severity: 'warning', title: 'Cost savings projected 27 % below plan' })
    expect(r.figures[0]).toEqual({ label: 'projected savings', value: 183_000, unit: 'USD' })
    const narrow = savingsForecast({ rate: dailySeries(START, 30, () => 1000), now: day(29), forecaster: flatForecaster(100) })
    expect(recommend({ now: day(29), savings: { forecast: narrow, plannedTotal: 250_000 } })[0].severity).toBe('critical')
    expect(recommend({ now: day(29), savings: { forecast: narrow, plannedTotal: 190_000 } })).toEqual([])
  })
})

describe('recommend: ordering, options and input checks', () => {
  it('orders by severity, then magnitude, then id, the same on every run, and is JSON-safe', () => {
    const facts: RecommendationFacts = {
      now: NOW,
      utilisation: [{ resource: 'GPU 3', dailyP95: new Array(20).fill(10) }, { resource: 'GPU 0', dailyP95: new Array(10).fill(95) }],
      models: [model(0.8, 0.87, ['a'], 10, 'm1'), model(0.7, 0.87, ['a'], 10, 'm2'), model(0.78, 0.87, ['a'], 10, 'm3')],
      capacity: [disk('disk /data', 910, 10)]
    }
    const out = recommend(facts)
    expect(out.map((r) => `${r.severity} ${r.id}`)).toEqual([
      'critical model-retrain:m2',
      'critical model-retrain:m3',
      'warning capacity:disk /data',
      'warning model-retrain:m1',
      'warning utilisation-saturated:GPU 0',
      'info utilisation-idle:GPU 3'
    ])
    expect(recommend({ ...facts, models: [...facts.models!].reverse(), utilisation: [...facts.utilisation!].reverse() })).toEqual(out)
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })

  it('rejects bad options and facts with what and where', () => {
    expect(() => recommend({ now: NOW }, { sustainedDays: -1 })).toThrow('recommendation options: sustainedDays is -1, expected a non-negative number')
    expect(() => recommend({ now: NOW }, { sustainedDay: 3 } as never)).toThrow('recommendation options: unknown option "sustainedDay"')
    expect(() => recommend({ now: NOW }, { qualityDropCritical: 0.01 })).toThrow('recommendation options: qualityDropCritical is below qualityDropWarning')
    expect(() => recommend({ now: NOW, models: [model(0.8, 0, [])] })).toThrow('facts.models[0].reference is 0, expected a positive number')
    expect(() => recommend({ now: NOW, models: [model(0.8, 0.9, ['a', 'b'], 1)] })).toThrow('facts.models[0].featureCount is 1, expected a whole number ≥ 2 (the drifted features)')
    expect(() => recommend({ now: NOW, utilisation: [{ resource: 'GPU 0', dailyP95: [1, Number.NaN] }] })).toThrow('facts.utilisation[0].dailyP95[1] is NaN, expected a finite number')
    expect(() => recommend({ now: NOW, capacity: [{ resource: 'd', kind: 'tape' as never, forecast: disk('d', 1, 1).forecast }] })).toThrow('facts.capacity[0].kind is "tape", expected disk, gpu, memory or other')
    expect(() => recommend({ now: Number.NaN })).toThrow('facts.now is NaN, expected a finite number')
    expect(() => recommend({ now: NOW, roi: { trajectory: {} as never, paybackMilestone: { name: '', due: 1 } } })).toThrow('facts.roi.paybackMilestone.name is "", expected a non-empty string')
  })
})
