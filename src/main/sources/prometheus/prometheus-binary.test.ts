// The prometheus source against the real Debian `prometheus` binary, scraping itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prometheusSource } from '@shared/config/schema'
import { createFakeContext } from '../../../../test/helpers/fake-context'
import { PROMETHEUS_BIN, startPrometheus, type RunningPrometheus } from '../../../../test/helpers/prometheus'
import { testDeps } from '../../../../test/helpers/source-deps'
import { hasPrograms } from '../../../../test/helpers/system-program'
import { backfillStateKey, createPrometheusSource } from './source'

const available = hasPrograms('prometheus source', [PROMETHEUS_BIN], 'apt-get install prometheus')

describe.skipIf(!available)('prometheus source against a real Prometheus', () => {
  let prom: RunningPrometheus
  beforeAll(async () => {
    prom = await startPrometheus()
  })
  afterAll(async () => {
    await prom?.stop()
  })

  it('writes `up` with its job and instance labels', async () => {
    const cfg = prometheusSource.parse({ id: 'self', kind: 'prometheus', url: prom.url, queries: [{ query: 'up' }] })
    const ctx = createFakeContext()
    await createPrometheusSource(cfg, testDeps('/')).poll(ctx)
    expect(ctx.warnings).toEqual([])
    const target = prom.url.replace('http://', '')
    const up = ctx.series('up', { job: 'prometheus', instance: target })
    expect(up).toHaveLength(1)
    expect(up[0].value).toBe(1)
    expect(up[0].labels).toEqual({ job: 'prometheus', instance: target })
  })

  it('reports a bad PromQL query clearly while a good query of the same source still writes', async () => {
    const cfg = prometheusSource.parse({
      id: 'self',
      kind: 'prometheus',
      url: prom.url,
      queries: [{ query: 'sum(rate(' }, { query: 'count(up)', series: 'targets' }]
    })
    const ctx = createFakeContext()
    await createPrometheusSource(cfg, testDeps('/')).poll(ctx)
    expect(ctx.series('targets')).toHaveLength(1)
    expect(ctx.series('targets')[0].value).toBeGreaterThanOrEqual(1)
    expect(ctx.warnings).toHaveLength(1)
    expect(ctx.warnings[0]).toMatch(/^prometheus source "self": query "sum\(rate\(": Prometheus answered HTTP 400, bad_data: .*parse error/)
  })

  it('refuses a range-vector query with a clear error', async () => {
    const cfg = prometheusSource.parse({ id: 'self', kind: 'prometheus', url: prom.url, queries: [{ query: 'up[1m]' }] })
    await expect(createPrometheusSource(cfg, testDeps('/')).poll(createFakeContext())).rejects.toThrow(
      /query "up\[1m\]": an instant query returned a matrix result/
    )
  })

  it('back-fills recent history once', async () => {
    const cfg = prometheusSource.parse({
      id: 'self',
      kind: 'prometheus',
      url: prom.url,
      queries: [{ query: 'up' }],
      backfill: '30s',
      backfill_step: '1s'
    })
    const ctx = createFakeContext()
    const source = createPrometheusSource(cfg, testDeps('/'))
    await source.backfill?.(ctx)
    expect(ctx.warnings).toEqual([])
    expect(ctx.series('up', { job: 'prometheus' }).length).toBeGreaterThan(0)
    expect(ctx.stateMap.get(backfillStateKey('up'))).toMatchObject({ done: true })
    const writes = ctx.writes
    await source.backfill?.(ctx.nextRun())
    expect(ctx.writes).toBe(writes)
  })
})
