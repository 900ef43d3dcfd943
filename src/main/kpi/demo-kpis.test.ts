// The default config's KPIs and milestones on demo data (and one real host poll): every KPI has
// a value, every configured baseline resolves, and the milestones tell the demo's story.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilConfig } from '@shared/config/schema'
import { evaluateFormula, isKpiError, parseFormula } from '@shared/kpi-formula'
import { DEFAULT_CONFIG_YAML } from '../config/default-config'
import { parseConfigText } from '../config/parse-config'
import { DemoModel, defaultProgrammeStart } from '../sources/demo/model'
import { DEMO_STATE } from '../sources/demo/demo-source'
import { openStore, type DuckDBStore } from '../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../store/test-support'
import { createKpiApi } from './kpi-api'
import { demoSamples, hostSamples } from './test-support'

const DAY = 86_400_000
const MIN = 60_000
// The demo's first start: the programme began 120 days earlier.
const NOW = Date.UTC(2026, 5, 10, 11, 0, 0)
const START = defaultProgrammeStart(NOW)

describe('default config KPIs on demo data', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  let config: VigilConfig

  beforeAll(async () => {
    config = parseConfigText(DEFAULT_CONFIG_YAML, 'default')
    tmp = tempDir('demo-kpis')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION })
    const sink = async (chunk: Parameters<DuckDBStore['append']>[1]) => {
      const r = await store.append('demo', chunk)
      expect(r.rejected).toEqual([])
    }
    // Hourly history since day 30 (where the default back-fill begins), then 5-minute data for the last 2 days.
    await demoSamples(START, START + 30 * DAY, NOW - 2 * DAY, 60 * MIN, sink)
    await demoSamples(START, NOW - 2 * DAY, NOW, 5 * MIN, sink)
    await store.append('host', await hostSamples(NOW - MIN))
    await store.setState('demo', DEMO_STATE.programmeStart, START)
    await store.runMaintenance(NOW)
  })
  afterAll(async () => {
    await store?.close()
    tmp?.cleanup()
  })

  it('evaluates every KPI without error, with trends and every configured baseline', async () => {
    const api = createKpiApi({ store, config: () => config, now: () => NOW })
    for (const span of [DAY, 30 * DAY]) {
      const list = await api.getKpis({ from: NOW - span, to: NOW })
      expect(list.map((k) => k.id)).toEqual(config.kpis.map((k) => k.id))
      for (const k of list) {
        expect(k.error, k.id).toBeNull()
        expect(Number.isFinite(k.value), k.id).toBe(true)
        expect(k.status, k.id).not.toBe('unknown')
        expect(k.statusReason, k.id).not.toMatch(/NaN|undefined/)
        expect(k.trend.length, k.id).toBeGreaterThan(0)
        const spec = config.kpis.find((c) => c.id === k.id)?.baseline
        if (spec !== undefined) {
          expect(k.baselineError, k.id).toBeNull()
          expect(Number.isFinite(k.baseline), k.id).toBe(true)
        }
      }
    }
  })

  it('gives the values the demo model produced', async () => {
    const api = createKpiApi({ store, config: () => config, now: () => NOW })
    const list = await api.getKpis({ ids: ['roi', 'service_availability', 'adoption_rate', 'fraud_false_positive_rate'], from: NOW - DAY, to: NOW })
    const last = new DemoModel(42, START).valuesAt(NOW - 5 * MIN)
    const sample = (name: string, labels: Record<string, string> = {}) =>
      last.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).map((s) => s.value)
    // Config order, whatever the order asked for.
    expect(list.map((k) => k.id)).toEqual(['roi', 'adoption_rate', 'fraud_false_positive_rate', 'service_availability'])
    const [roi, adoption, fp, availability] = list
    const values = (text: string) =>
      evaluateFormula(parseFormula(text), (ref) => {
        const v = sample(ref.name, ref.labels)
        return v.reduce((a, b) => a + b, 0) / v.length
      })
    const expectedRoi = values(config.kpis[0].formula)
    if (isKpiError(expectedRoi)) throw new Error(expectedRoi.message)
    expect(roi.value).toBeCloseTo(expectedRoi, 9)
    expect(roi.value).toBeGreaterThan(20)
    expect(roi.value).toBeLessThan(40)
    expect(availability.value).toBe((sample('service_up').reduce((a, b) => a + b, 0) / 4) * 100)
    // Adoption: baseline from the data at start+31d, so the change is the demo's adoption growth.
    expect(adoption.baselineSource).toMatch(/^value at start\+31d \(/)
    expect(adoption.baseline).toBeLessThan(25)
    expect(adoption.improvedVsBaseline).toBe(true)
    // The fraud model has drifted by day 120 (it is retrained on day 150): false positives are off track.
    expect(fp.status).toBe('off_track')
    expect(fp.improvedVsBaseline).toBe(true)
  })

  it('shows the programme at day 120: six milestones done, one delayed, one at risk', async () => {
    const api = createKpiApi({ store, config: () => config, now: () => NOW })
    const m = await api.getMilestones({})
    expect(m.error).toBeNull()
    expect(m.programme).toEqual({ name: 'AI transformation programme', start: START })
    expect(m.counts).toEqual({ completed: 6, on_track: 3, at_risk: 1, delayed: 1 })
    expect([m.completedPct, m.onTrackPct, m.atRiskPct, m.delayedPct]).toEqual([55, 27, 9, 9])
    expect(m.next?.id).toBe('crm-integration')
    expect(m.next?.state).toBe('delayed')
    expect(m.next?.daysLeft).toBe(-20)
    expect(m.milestones.find((v) => v.id === 'fraud-retraining')?.state).toBe('at_risk')
  })
})
