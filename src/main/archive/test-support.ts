// Helpers for the archive tests: a data dir with a populated store (samples, roll-ups, annotations,
// alert history, notifications, noise marks, predictions) and a config naming a secret.
import { join } from 'node:path'
import type { IngestSample } from '@shared/types'
import { parseConfigText } from '../config/parse-config'
import { createKpiApi } from '../kpi/kpi-api'
import { openStore, type DuckDBStore } from '../store/duckdb-store'
import { LONG_RETENTION } from '../store/test-support'
import { viewsOf } from '../views/views-api'
import type { ExportArchiveOptions } from './export-archive'

export const HOUR = 3_600_000
/** Range start of the test data (a whole day). */
export const T0 = Date.UTC(2026, 0, 10)

export const CONFIG_TEXT = `# test config
sources:
  - id: api
    kind: http-json
    url: http://127.0.0.1:9/metrics
    headers:
      Authorization: "Bearer \${secret:api_token}"
    metrics:
      - { series: api_up, path: "$.up" }
kpis:
  - { id: avg_cpu, name: CPU, formula: cpu, unit: "%", dimension: technical }
`

/** Opens a store in `dir` and fills 2 days from T0: 3 series every minute, plus one row in each other table per day. */
export async function populatedStore(dir: string): Promise<DuckDBStore> {
  const store = await openStore({ path: join(dir, 'vigil.duckdb'), retention: LONG_RETENTION, clock: () => T0 })
  const samples: IngestSample[] = []
  for (let t = T0; t < T0 + 48 * HOUR; t += 60_000) {
    const i = (t - T0) / 60_000
    samples.push({ name: 'cpu', labels: { host: 'a' }, ts: t, value: 40 + (i % 17) })
    samples.push({ name: 'cpu', labels: { host: 'b' }, ts: t, value: 50 + (i % 13) })
    samples.push({ name: 'mem', labels: {}, ts: t, value: 1000 + i })
  }
  await store.append('test', samples)
  await store.runMaintenance(T0 + 49 * HOUR)
  for (const day of [0, 1]) {
    const at = T0 + day * 24 * HOUR + HOUR
    await store.addAnnotation({ kind: 'deployment', ts: at, endTs: null, title: `deploy ${day}`, text: null, series: [], labels: {}, source: 'test' })
    const entry = { at, kind: 'fired' as const, alertId: `a${day}`, rule: 'cpu_high', severity: 'warning' as const, groupKey: 'g', receivers: ['ops'], level: 0, by: null, value: 90, labels: { host: 'a' }, detail: 'cpu high' }
    await store.alerts.appendHistory([entry])
    await store.alerts.markNoise({ alertId: `a${day}`, episode: at, rule: 'cpu_high', severity: 'warning', noise: true, by: 'ann', at: at + 60_000 }, { ...entry, kind: 'noise' as const, at: at + 60_000, by: 'ann' })
    await store.outbox.enqueue({ dedupKey: `d${day}`, receiver: 'ops', groupKey: 'g', kind: 'firing', level: 0, summary: 'cpu high', payload: { n: day } }, at)
    await store.predictions.append([{ ts: at, model: 'fraud', prediction: 1, score: 0.9, label: null, latencyMs: 12, features: { amount: 10 + day } }])
  }
  return store
}

/** Export options for `store` over day 0 (the rest is filled in by each test). */
export function exportOptions(store: DuckDBStore, out: string): ExportArchiveOptions {
  const config = parseConfigText(CONFIG_TEXT, 'test.yaml')
  const kpi = createKpiApi({ store, config: () => config, now: () => T0 + 49 * HOUR })
  return {
    store,
    api: { getViews: async () => viewsOf(config), getKpis: kpi.getKpis },
    config,
    configText: CONFIG_TEXT,
    appVersion: 'test',
    from: T0,
    to: T0 + 24 * HOUR,
    out,
    now: () => T0 + 49 * HOUR,
    secrets: []
  }
}
