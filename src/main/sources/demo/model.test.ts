import { describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import { DemoModel, defaultProgrammeStart, demoValuesAt } from './model'
import { DEMO_BASELINES } from './baselines'
import { incidentsOnDay, type Incident } from './incidents'
import { DAY, HOUR, isWeekend } from './calendar'

const FIRST_START = Date.UTC(2025, 5, 4, 14, 7, 30)
const START = defaultProgrammeStart(FIRST_START)
const key = (s: IngestSample) => `${s.name}${JSON.stringify(s.labels)}`
const valueOf = (samples: IngestSample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value

/** Samples of the 90 days before the first start at `stepMs`, grouped by series. */
function history(seed: number, stepMs: number) {
  const model = new DemoModel(seed, START)
  const bySeries = new Map<string, { t: number; v: number; unit?: string; name: string }[]>()
  for (let t = FIRST_START - 90 * DAY; t < FIRST_START; t += stepMs) {
    for (const s of model.valuesAt(t)) {
      const k = key(s)
      let list = bySeries.get(k)
      if (!list) bySeries.set(k, (list = []))
      list.push({ t, v: s.value, unit: s.unit, name: s.name })
    }
  }
  return bySeries
}

const H = history(42, HOUR)
const series = (name: string, labels: Record<string, string> = {}) => H.get(`${name}${JSON.stringify(labels)}`) ?? []

describe('demo scenario', () => {
  it('anchors the programme at midnight UTC, 120 days before the first start', () => {
    expect(START).toBe(Date.UTC(2025, 1, 4))
  })

  it('is a pure function of (seed, t, programme start)', () => {
    const t = FIRST_START - 3 * DAY + 17 * 60_000
    expect(demoValuesAt(42, t, START)).toEqual(demoValuesAt(42, t, START))
    // A model that has already generated later times (memoised ledger) gives the same values.
    const warm = new DemoModel(42, START)
    warm.valuesAt(FIRST_START + 30 * DAY)
    expect(warm.valuesAt(t)).toEqual(demoValuesAt(42, t, START))
    const other = demoValuesAt(7, t, START)
    expect(other.map(key)).toEqual(demoValuesAt(42, t, START).map(key))
    expect(other.map((s) => s.value)).not.toEqual(demoValuesAt(42, t, START).map((s) => s.value))
    for (const s of other) expect(s.ts).toBe(t)
  })

  it('has the series the dashboards expect, with units', () => {
    const names = new Set(demoValuesAt(42, FIRST_START, START).map((s) => s.name))
    for (const name of [
      'ai_investment_usd_total', 'ai_benefits_usd_total', 'ai_roi_percent', 'ai_revenue_impact_usd_total',
      'ai_cost_savings_usd_total', 'ai_payback_progress_percent', 'milestones_planned_total',
      'milestones_completed_total', 'milestones_at_risk_total', 'customer_satisfaction_score',
      'employee_satisfaction_score', 'ai_daily_active_users', 'ai_monthly_active_users', 'ai_adoption_rate_percent',
      'ai_feature_utilisation_percent', 'training_completion_percent', 'support_tickets_open',
      'process_handle_time_seconds', 'process_first_contact_resolution_percent', 'process_throughput_per_hour',
      'process_cost_per_case_usd', 'process_error_rate_percent', 'fraud_detection_rate_percent',
      'fraud_false_positive_rate_percent', 'fraud_review_time_minutes', 'service_up', 'service_latency_ms',
      'service_requests_per_second', 'service_error_rate_percent', 'gpu_utilisation_percent',
      'gpu_memory_used_percent', 'model_accuracy', 'model_precision', 'model_recall', 'model_f1',
      'model_inference_latency_ms', 'model_throughput_rps', 'model_feature_drift_psi', 'pipeline_lag_seconds',
      'pipeline_records_per_minute', 'pipeline_errors_total'
    ]) {
      expect(names, name).toContain(name)
    }
    expect(series('ai_roi_percent')[0].unit).toBe('%')
    expect(series('ai_investment_usd_total')[0].unit).toBe('USD')
    expect(series('service_latency_ms', { service: 'etl' })[0].unit).toBe('ms')
    expect(series('ai_feature_utilisation_percent', { feature: 'classify' }).length).toBe(90 * 24)
    expect(series('gpu_utilisation_percent', { gpu: '3' }).length).toBe(90 * 24)
  })

  it('keeps every value in its valid range over 90 days', () => {
    const integers = /^milestones_\w+_total$|^pipeline_errors_total$|_users$|^support_tickets_open$|^service_up$/
    const quality = /^model_(accuracy|precision|recall|f1)$/
    // Collect offenders and assert once: ~1 M checks would be slow as individual expect() calls.
    const bad: string[] = []
    for (const [k, points] of H) {
      for (const { v, name, t } of points) {
        const where = `${k} at ${new Date(t).toISOString()} = ${v}`
        if (!Number.isFinite(v)) bad.push(`not finite: ${where}`)
        // A return is (benefits − investment)/investment: at least −100 %, unbounded above.
        else if (name === 'ai_roi_percent') {
          if (v < -100) bad.push(`ROI below −100: ${where}`)
        } else if (name.endsWith('_percent') && (v < 0 || v > 100)) bad.push(`percent out of 0..100: ${where}`)
        else if (name.endsWith('_score') && (v < 0 || v > 5)) bad.push(`score out of 0..5: ${where}`)
        else if (quality.test(name) && (v < 0 || v > 1)) bad.push(`ratio out of 0..1: ${where}`)
        else if (v < 0) bad.push(`negative: ${where}`)
        if (integers.test(name) && !Number.isInteger(v)) bad.push(`not an integer: ${where}`)
        if (name === 'service_up' && v !== 0 && v !== 1) bad.push(`not 0/1: ${where}`)
      }
    }
    expect(bad.slice(0, 10)).toEqual([])
    expect(H.size).toBeGreaterThan(80)
  })

  it('counters and cumulative money never decrease; completed ≤ planned', () => {
    for (const [name, labels] of [
      ['ai_investment_usd_total', {}],
      ['ai_benefits_usd_total', {}],
      ['ai_revenue_impact_usd_total', {}],
      ['ai_cost_savings_usd_total', {}],
      ['milestones_completed_total', {}],
      ['pipeline_errors_total', { pipeline: 'crm-sync' }],
      ['pipeline_errors_total', { pipeline: 'transactions' }],
      ['pipeline_errors_total', { pipeline: 'tickets' }],
      ['training_completion_percent', {}]
    ] as const) {
      const points = series(name, labels)
      expect(points.length).toBe(90 * 24)
      for (let i = 1; i < points.length; i++) expect(points[i].v, `${name} at ${i}`).toBeGreaterThanOrEqual(points[i - 1].v)
    }
    const planned = series('milestones_planned_total')
    series('milestones_completed_total').forEach((c, i) => expect(c.v).toBeLessThanOrEqual(planned[i].v))
    const benefits = series('ai_benefits_usd_total')
    const parts = series('ai_revenue_impact_usd_total').map((r, i) => r.v + series('ai_cost_savings_usd_total')[i].v)
    benefits.forEach((b, i) => expect(b.v).toBeCloseTo(parts[i], 1))
  })

  it('tells the payback story: ROI starts negative and crosses zero, consistent with its definition', () => {
    const roi = series('ai_roi_percent')
    expect(roi[0].v).toBeLessThan(-50)
    expect(roi.at(-1)!.v).toBeGreaterThan(10)
    const crossing = roi.findIndex((p) => p.v >= 0)
    expect(crossing).toBeGreaterThan(0)
    expect(roi.slice(crossing).every((p) => p.v >= 0)).toBe(true)
    const inv = series('ai_investment_usd_total')
    const ben = series('ai_benefits_usd_total')
    roi.forEach((p, i) => expect(p.v).toBeCloseTo(((ben[i].v - inv[i].v) / inv[i].v) * 100, 1))
    const payback = series('ai_payback_progress_percent')
    expect(payback[crossing].v).toBe(100)
    expect(payback[crossing - 1].v).toBeLessThan(100)
  })

  it('has office-hour and weekly seasonality', () => {
    const dau = series('ai_daily_active_users').filter((p) => p.t >= FIRST_START - 30 * DAY)
    const at = (hour: number, weekend: boolean) => {
      const pts = dau.filter((p) => new Date(p.t).getUTCHours() === hour && isWeekend(p.t) === weekend)
      return pts.reduce((a, p) => a + p.v, 0) / pts.length
    }
    expect(at(13, false)).toBeGreaterThan(3 * at(3, false))
    expect(at(13, false)).toBeGreaterThan(2 * at(13, true))
    // The nightly batch: GPU 3 busy at 02:00, idle at 14:00.
    const gpu3 = series('gpu_utilisation_percent', { gpu: '3' })
    const mean = (hour: number) => {
      const pts = gpu3.filter((p) => new Date(p.t).getUTCHours() === hour)
      return pts.reduce((a, p) => a + p.v, 0) / pts.length
    }
    expect(mean(2)).toBeGreaterThan(80)
    expect(mean(14)).toBeLessThan(20)
  })

  it('drifts: the fraud model decays and its input PSI grows before the retrain', () => {
    const at = (day: number) => demoValuesAt(42, START + day * DAY + 12 * HOUR, START)
    const acc = (day: number) => valueOf(at(day), 'model_accuracy', { model: 'fraud-detector' })!
    const psi = (day: number) => valueOf(at(day), 'model_feature_drift_psi', { model: 'fraud-detector', feature: 'transaction_amount' })!
    expect(acc(119)).toBeLessThan(acc(55) - 0.03)
    expect(psi(119)).toBeGreaterThan(0.2)
    expect(psi(55)).toBeLessThan(0.1)
    // Retrained on day 150: quality is back.
    expect(acc(155)).toBeGreaterThan(acc(119) + 0.03)
    const detection = (day: number) => valueOf(at(day), 'fraud_detection_rate_percent', { process: 'fraud-detection' })!
    expect(detection(119)).toBeLessThan(detection(60))
  })

  it('plays incidents from the seed: an outage is 20 minutes of service_up 0, no latency and 100% errors', () => {
    const days = Array.from({ length: 90 }, (_, i) => Math.floor((FIRST_START - 90 * DAY) / DAY) + i)
    const all: Incident[] = days.flatMap((d) => incidentsOnDay(42, d))
    const kinds = new Set(all.map((i) => i.kind))
    expect(kinds).toEqual(new Set(['latency', 'down', 'errors']))
    expect(incidentsOnDay(42, days[10])).toEqual(incidentsOnDay(42, days[10]))
    const outage = all.find((i) => i.kind === 'down')!
    expect(outage.end - outage.start).toBe(20 * 60_000)
    const during = demoValuesAt(42, outage.start + 5 * 60_000, START)
    const labels = { service: outage.service }
    expect(valueOf(during, 'service_up', labels)).toBe(0)
    expect(valueOf(during, 'service_latency_ms', labels)).toBeUndefined()
    expect(valueOf(during, 'service_error_rate_percent', labels)).toBe(100)
    expect(valueOf(during, 'service_requests_per_second', labels)).toBe(0)
    const after = demoValuesAt(42, outage.end + 60_000, START)
    expect(valueOf(after, 'service_up', labels)).toBe(1)
    const spike = all.find((i) => i.kind === 'latency' && !all.some((o) => o !== i && o.service === i.service && o.start < i.end + HOUR && o.end > i.start - HOUR))!
    const lat = (t: number) => valueOf(demoValuesAt(42, t, START), 'service_latency_ms', { service: spike.service })!
    expect(lat(spike.start + 10 * 60_000)).toBeGreaterThan(2 * lat(spike.start - 10 * 60_000))
  })

  it('process series start at their baselines and improve', () => {
    const first = demoValuesAt(42, START + 12 * HOUR, START)
    const now = demoValuesAt(42, FIRST_START, START)
    for (const b of DEMO_BASELINES) {
      const before = valueOf(first, b.series, b.labels)
      const after = valueOf(now, b.series, b.labels)
      expect(before, b.series).toBeDefined()
      if (b.series === 'process_throughput_per_hour') continue // shaped by time of day; see the weekly-mean check below
      expect(Math.abs(before! - b.value) / b.value, `${b.series} ${JSON.stringify(b.labels)}`).toBeLessThan(0.15)
      if (b.better === 'lower') expect(after!, b.series).toBeLessThan(b.value)
      else expect(after!, b.series).toBeGreaterThan(b.value)
    }
    // Throughput's weekly mean at the start equals its baseline (the load profile has mean 1).
    const model = new DemoModel(42, START + 30 * DAY)
    let sum = 0
    let n = 0
    for (let t = START; t < START + 7 * DAY; t += 5 * 60_000, n++) {
      sum += valueOf(model.valuesAt(t), 'process_throughput_per_hour', { process: 'customer-service' })!
    }
    expect(sum / n).toBeGreaterThan(120 * 0.97)
    expect(sum / n).toBeLessThan(120 * 1.03)
  })
})
