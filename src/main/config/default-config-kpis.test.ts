// The default config's KPIs and milestones: every formula parses, every series it reads is one
// the demo or host source really produces, and every milestone date resolves.
import { describe, expect, it } from 'vitest'
import { formulaRefs, parseFormula } from '@shared/kpi-formula'
import type { IngestSample } from '@shared/types'
import { DEFAULT_CONFIG_YAML } from './default-config'
import { parseConfigText } from './parse-config'
import { defaultProgrammeStart } from '../sources/demo/model'
import { demoSamples, hostSamples } from '../kpi/test-support'
import { resolveTimeExpression } from '../kpi/time-expression'

const DAY = 86_400_000
const now = Date.UTC(2026, 5, 10, 11)
const start = defaultProgrammeStart(now)

/** The KPI ids the built-in executive, operational and technical views show. */
const VIEW_KPIS = [
  'roi', 'payback_progress', 'benefits_usd', 'investment_usd', 'revenue_impact', 'cost_savings', 'csat', 'esat',
  'adoption_rate', 'daily_active_users', 'monthly_active_users', 'training_completion', 'support_tickets',
  'cs_handle_time', 'cs_first_contact_resolution', 'cs_throughput', 'cs_cost_per_case', 'fraud_detection_rate',
  'fraud_false_positive_rate', 'fraud_review_time', 'fraud_cost_per_case', 'service_availability', 'api_latency',
  'cpu_utilisation', 'memory_utilisation', 'gpu_utilisation', 'fraud_model_accuracy', 'fraud_model_f1', 'cs_model_accuracy'
]

describe('default config: KPIs and milestones', () => {
  const cfg = parseConfigText(DEFAULT_CONFIG_YAML, 'default')

  it('defines every KPI the built-in views show, and the programme', () => {
    const ids = cfg.kpis.map((k) => k.id)
    for (const id of VIEW_KPIS) expect(ids, id).toContain(id)
    expect(cfg.programme).toEqual({ name: 'AI transformation programme', start: { source: 'demo' } })
    const roi = cfg.kpis.find((k) => k.id === 'roi')
    expect(roi?.formula).toBe('(ai_benefits_usd_total - ai_investment_usd_total) / ai_investment_usd_total * 100')
  })

  it('reads only series (and label sets) the demo or host source produces', async () => {
    const produced: IngestSample[] = [...(await hostSamples(now))]
    await demoSamples(start, now - DAY, now - DAY + 1, 60_000, async (chunk) => void produced.push(...chunk))
    for (const kpi of cfg.kpis) {
      for (const ref of formulaRefs(parseFormula(kpi.formula))) {
        const match = produced.some(
          (s) => s.name === ref.name && Object.entries(ref.labels).every(([k, v]) => s.labels[k] === v)
        )
        expect(match, `KPI ${kpi.id} reads ${ref.key}, which no demo or host series matches`).toBe(true)
      }
    }
  })

  it('has milestones whose dates all resolve against the programme start', () => {
    expect(cfg.milestones.length).toBeGreaterThanOrEqual(10)
    for (const m of cfg.milestones) {
      for (const expr of [m.planned, m.completed, m.forecast]) {
        if (expr !== undefined) expect(() => resolveTimeExpression(expr, { now, programmeStart: start }), `${m.id}: ${expr}`).not.toThrow()
      }
    }
  })

  it('reports a formula typo at config load, at its line', () => {
    expect(() => parseConfigText('kpis:\n  - { id: x, name: X, dimension: business, formula: "(a + b" }\n', 'vigil.yaml')).toThrow(
      'vigil.yaml:2:53: kpis[0].formula: formula "(a + b": expected ")" at column 7'
    )
  })
})
