// The analytics engine inside the whole engine (real DuckDB file, the real forecasting and
// anomaly engines, real timers): forecast and anomaly alert rules fire on pushed data, the
// forecast request answers with bands and a crossing, anomaly detectors survive a restart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import { startEngine } from './start-engine'
import type { Engine } from './types'

const HOUR = 3_600_000
const MINUTE = 60_000

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const CONFIG = `version: 1
storage: { flush_interval: 20ms }
sources:
  - { id: push, kind: push }
analytics:
  capacity:
    - { name: volume, kind: disk, series: disk_used_pct, capacity: 100, daily: last }
alerting:
  evaluation_interval: 1s
  rules:
    - name: DiskWillFill
      kind: forecast
      series: disk_used_pct
      horizon: 2d
      history: 14d
      condition: "> 90"
      severity: warning
    - name: SignalOdd
      kind: anomaly
      series: signal
      min_score: 0.5
      severity: warning
    - name: ChurnInputsDrift
      kind: drift
      model: churn
      window: 1d
      severity: warning
    - name: ChurnTenureDrift
      kind: drift
      model: churn
      feature: tenure
      method: ks
      window: 1d
`

describe('analytics in the engine', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  async function start(dir: string): Promise<Engine> {
    const engine = await startEngine({ dataDir: dir, configPath: join(dir, 'vigil.yaml'), version: '0.0.0-test', log: () => undefined, alerting: { tickIntervalMs: 100 } })
    cleanups.push(() => engine.stop())
    return engine
  }

  it('forecasts a filling disk, fires the forecast and anomaly rules, and resumes detectors after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-analytics-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'vigil.yaml'), CONFIG)
    const engine = await start(dir)
    const now = Date.now()
    // Disk: +0.25 points an hour for 10 days, now at 75 %: 90 % is ~60 h away, 2 days of horizon is not
    // enough on the mean... so it fills faster: +0.5 per hour, now at 80 %: 90 % in ~20 h.
    const disk: IngestSample[] = Array.from({ length: 240 }, (_, i) => ({ name: 'disk_used_pct', labels: {}, ts: now - (240 - i) * HOUR, value: 80 - (240 - i) * 0.3 + 0.2 * Math.sin(i) }))
    // A steady signal with a daily cycle, one point a minute for two days, then one wild value.
    const signal: IngestSample[] = Array.from({ length: 2 * 24 * 60 }, (_, i) => {
      const ts = now - (2 * 24 * 60 - i) * MINUTE
      return { name: 'signal', labels: { host: 'a' }, ts, value: 100 + 10 * Math.sin((2 * Math.PI * ts) / (24 * HOUR)) + ((i * 7919) % 13) / 13 }
    })
    await engine.push([...disk, ...signal])

    const view = await engine.api.getForecast({ series: 'disk_used_pct', horizonMs: 2 * 24 * HOUR, condition: '> 90' })
    expect(view.stepMs).toBe(HOUR)
    expect(view.mean).toHaveLength(48)
    expect(view.bands.map((b) => b.level)).toEqual([80, 95])
    view.bands[1].lower.forEach((lo, i) => expect(lo).toBeLessThanOrEqual(view.mean[i]))
    expect(view.crossing?.meanAt).not.toBeNull()
    expect(view.crossing!.meanAt!).toBeGreaterThan(now)
    expect(view.crossing!.meanAt!).toBeLessThan(now + 2 * 24 * HOUR)

    const firing = await until('the forecast rule firing', async () => {
      const a = (await engine.api.listAlerts({})).alerts.find((x) => x.rule === 'DiskWillFill')
      return a?.status === 'firing' && a
    })
    expect(firing.annotations.summary).toMatch(/disk_used_pct predicted to be > 90 by \d{4}-/)
    const health = (await engine.api.listAlerts({})).rules.find((r) => r.rule === 'SignalOdd')
    expect(health).toMatchObject({ state: 'ok', error: null })

    await engine.push([{ name: 'signal', labels: { host: 'a' }, ts: Date.now(), value: 400 }])
    const odd = await until('the anomaly rule firing', async () => {
      const a = (await engine.api.listAlerts({})).alerts.find((x) => x.rule === 'SignalOdd')
      return a?.status === 'firing' && a
    })
    expect(odd.labels.host).toBe('a')
    expect(odd.annotations.explanation).toMatch(/400/)

    const business = await engine.api.getBusinessForecasts({})
    expect(business.capacity).toEqual([expect.objectContaining({ resource: 'volume', kind: 'disk', error: null })])
    expect(business.roi.error).toMatch(/ai_benefits_usd_total/)

    // Predictions: a week of reference, then a day whose inputs moved (tenure shifted, a new plan).
    const day = 86_400_000
    const records = Array.from({ length: 8 * 24 * 6 }, (_, i) => {
      const ts = now - 8 * day + i * 10 * MINUTE + 1
      const late = ts > now - day
      const tenure = (late ? 40 : 12) + ((i * 37) % 17)
      const label = (i * 13) % 5 === 0 ? 1 : 0
      // Good on the reference week, no better than chance on the drifted day.
      const prediction = late ? (i % 2) : label
      return { id: `r${i}`, ts, model: 'churn', prediction, score: prediction === 1 ? 0.8 : 0.2, label, latencyMs: 20 + (i % 7), features: { tenure, plan: late && i % 3 === 0 ? 'enterprise' : i % 2 === 0 ? 'basic' : 'pro' } }
    })
    const pushed = await engine.pushPredictions!(records)
    expect(pushed).toMatchObject({ accepted: records.length })
    expect(await engine.api.listModels({})).toEqual([expect.objectContaining({ model: 'churn', count: records.length, labelled: records.length })])
    const quality = await engine.api.getModelQuality({ model: 'churn' })
    expect(quality.reference.metrics.f1).toBe(1)
    expect(quality.current.metrics.f1).toBeLessThan(0.6)
    expect(quality.change.f1.delta).toBeLessThan(-0.4)
    const drift = await engine.api.getModelDrift({ model: 'churn' })
    expect(drift.features.map((f) => [f.feature, f.drifted])).toEqual(expect.arrayContaining([['tenure', true], ['plan', true]]))
    await expect(engine.api.getModelQuality({ model: 'nope' })).rejects.toThrow('no predictions for model "nope" (known: churn)')
    const driftAlerts = await until('both drift rules firing', async () => {
      const v = await engine.api.listAlerts({})
      const firing = v.alerts.filter((a) => a.rule.startsWith('Churn') && a.status === 'firing')
      return firing.length === 2 && firing
    })
    expect(driftAlerts.find((a) => a.rule === 'ChurnTenureDrift')?.labels).toMatchObject({ model: 'churn', feature: 'tenure' })
    const recs = await engine.api.getRecommendations({ view: 'technical' })
    expect(recs.find((r) => r.id === 'model-retrain:churn')).toMatchObject({ severity: 'critical' })

    await engine.stop()
    // Restarted: the detector resumes (it does not relearn from scratch), so the wild value is
    // still what it last judged, and the rule is healthy at once.
    const again = await start(dir)
    const resumed = await until('the anomaly rule evaluated after the restart', async () => {
      const v = await again.api.listAlerts({})
      const r = v.rules.find((x) => x.rule === 'SignalOdd')
      return r?.evaluatedAt !== null && r?.state === 'ok' && v
    })
    expect(resumed.alerts.find((a) => a.rule === 'SignalOdd')?.status).toBe('firing')
  }, 90_000)
})
