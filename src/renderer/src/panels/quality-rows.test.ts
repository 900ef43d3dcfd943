import { describe, expect, it } from 'vitest'
import { COMPARED_METRICS, type MetricChange, type ModelQuality } from '@shared/analytics-models'
import { isImprovement, metricChange, metricText, QUALITY_METRICS, qualityRows, qualityVerdicts } from './quality-rows'

const change = (current: number | null, reference: number | null): MetricChange => {
  const delta = current !== null && reference !== null ? current - reference : null
  return { current, reference, delta, relative: delta !== null && reference ? delta / Math.abs(reference) : null }
}

function quality(values: Partial<Record<(typeof COMPARED_METRICS)[number], [number | null, number | null]>>): Pick<ModelQuality, 'change'> {
  return { change: Object.fromEntries(COMPARED_METRICS.map((k) => [k, change(...(values[k] ?? [null, null]))])) as ModelQuality['change'] }
}

describe('quality rows', () => {
  it('lists the ten metrics in order, lower-is-better for log loss, calibration error and latency', () => {
    expect(QUALITY_METRICS.map((m) => m.key)).toEqual(['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'logLoss', 'ece', 'latencyP50', 'latencyP95', 'throughputPerHour'])
    expect(QUALITY_METRICS.filter((m) => m.better === 'lower').map((m) => m.key)).toEqual(['logLoss', 'ece', 'latencyP50', 'latencyP95'])
    expect(QUALITY_METRICS.find((m) => m.key === 'throughputPerHour')!.better).toBeNull()
  })

  it('a falling F1 is worse (↓), a falling log loss or latency is better (↓), a rising log loss is worse (↑)', () => {
    const rows = qualityRows(quality({ f1: [0.23, 0.5578], logLoss: [0.2978, 0.1664], latencyP95: [14.9, 16.8], accuracy: [0.95, 0.9] }))
    const by = Object.fromEntries(rows.map((r) => [r.metric.key, r]))
    expect(by.f1.change).toEqual({ arrow: '↓', text: '-58.8 %', verdict: 'worse', tone: 'bad' })
    expect(by.logLoss.change).toMatchObject({ arrow: '↑', text: '+79.0 %', verdict: 'worse', tone: 'bad' })
    expect(by.latencyP95.change).toMatchObject({ arrow: '↓', text: '-11.3 %', verdict: 'better', tone: 'ok' })
    expect(by.accuracy.change).toMatchObject({ arrow: '↑', text: '+5.6 %', verdict: 'better' })
    expect(by.f1.currentText).toBe('0.230')
    expect(by.f1.referenceText).toBe('0.558')
    expect(by.latencyP95.currentText).toBe('14.9 ms')
    expect(qualityVerdicts(rows)).toEqual({ worse: 2, better: 2 })
  })

  it('throughput changes are shown without a verdict; unknown values show a dash', () => {
    const rows = qualityRows(quality({ throughputPerHour: [20.4, 26.7], rocAuc: [null, 0.88] }))
    const by = Object.fromEntries(rows.map((r) => [r.metric.key, r]))
    expect(by.throughputPerHour.change).toMatchObject({ arrow: '↓', verdict: 'unknown', tone: 'neutral' })
    expect(by.throughputPerHour.currentText).toBe('20.4/h')
    expect(by.rocAuc.change).toEqual({ arrow: '', text: '—', verdict: 'unknown', tone: 'muted' })
    expect(by.rocAuc.currentText).toBe('—')
    expect(by.rocAuc.referenceText).toBe('0.880')
  })

  it('a reference of 0 has no % change: the difference is shown, judged by direction', () => {
    expect(metricChange({ current: 0.05, reference: 0, delta: 0.05, relative: null }, { better: 'lower', kind: 'score' })).toEqual({
      arrow: '↑',
      text: '+0.050',
      verdict: 'worse',
      tone: 'bad'
    })
    expect(metricChange({ current: 0, reference: 0, delta: 0, relative: null }, { better: 'higher', kind: 'score' }).verdict).toBe('unchanged')
    expect(metricChange({ current: 0.9, reference: 0.9, delta: 0, relative: 0 }, { better: 'higher', kind: 'score' })).toMatchObject({ arrow: '→', verdict: 'unchanged' })
  })

  it('improvement by direction', () => {
    expect(isImprovement(0.1, 'higher')).toBe(true)
    expect(isImprovement(0.1, 'lower')).toBe(false)
    expect(isImprovement(-0.1, 'lower')).toBe(true)
    expect(isImprovement(-0.1, null)).toBeNull()
    expect(isImprovement(null, 'higher')).toBeNull()
    expect(metricText(Number.NaN, 'score')).toBe('—')
  })
})
