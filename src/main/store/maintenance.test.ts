import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IngestSample, RangeQuery } from '@shared/types'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import type { MaintenanceStep } from './maintenance'
import { MAINTENANCE_SLICE_MS } from './maintenance'
import { LONG_RETENTION, referenceRange, tempDir } from './test-support'

const DAY = 86_400_000
const HOUR = 3_600_000
const T0 = Date.UTC(2024, 8, 1) // a day boundary
const DAYS = 10
const NOW = T0 + DAYS * DAY + 5 * 60_000

/** Two series every minute for ten days (a back-fill), values exact in binary. */
function backfill(): IngestSample[] {
  const out: IngestSample[] = []
  for (let t = T0; t < T0 + DAYS * DAY; t += 60_000) {
    out.push({ name: 'load', labels: { host: 'a' }, ts: t + 7_000, value: ((t / 60_000) % 13) * 0.25 })
    out.push({ name: 'load', labels: { host: 'b' }, ts: t + 31_000, value: ((t / 60_000) % 7) * 0.5 })
  }
  return out
}

const queries = (): RangeQuery[] =>
  (['avg', 'max', 'last', 'count'] as const).flatMap((agg) => [
    { series: 'load', from: T0, to: T0 + DAYS * DAY, step: 3600, agg },
    { series: 'load', labels: { host: 'a' }, from: T0 + 17_000, to: T0 + 3 * DAY + 5, step: 300, agg }
  ])

describe('sliced maintenance', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let store: DuckDBStore | null = null
  let steps: MaintenanceStep[] = []
  let onStep: (step: MaintenanceStep) => void | Promise<void> = () => undefined

  const open = async (): Promise<DuckDBStore> => {
    store = await openStore(
      { path: file, retention: LONG_RETENTION },
      {
        afterMaintenanceStep: async (step) => {
          steps.push(step)
          await onStep(step)
        }
      }
    )
    return store
  }

  beforeEach(() => {
    tmp = tempDir('maintenance')
    file = join(tmp.dir, 'vigil.duckdb')
    steps = []
    onStep = () => undefined
  })
  afterEach(async () => {
    await store?.close()
    store = null
    tmp.cleanup()
  })

  it('rolls up a back-fill at most a day per step, letting an append issued meanwhile commit before the pass ends', async () => {
    const s = await open()
    const samples = backfill()
    await s.append('src', samples)
    // A late sample into the first day, appended while maintenance is under way.
    const late: IngestSample = { name: 'load', labels: { host: 'a' }, ts: T0 + 3 * HOUR + 1, value: 100 }
    const order: string[] = []
    let lateAppend: Promise<unknown> | null = null
    onStep = (step) => {
      if (lateAppend === null && step.kind === 'rollup' && step.rows > 0) {
        lateAppend = s.append('src', [late]).then(() => order.push(`append committed after step ${steps.length}`))
      }
    }
    const report = await s.runMaintenance(NOW).then((r) => {
      order.push('maintenance done')
      return r
    })
    expect(order).toEqual(['append committed after step 1', 'maintenance done'])

    const rollups = steps.filter((x): x is Extract<MaintenanceStep, { kind: 'rollup' }> => x.kind === 'rollup' && x.rows > 0)
    for (const r of rollups) expect(r.to - r.from).toBeLessThanOrEqual(MAINTENANCE_SLICE_MS)
    // Ten days per tier, plus the first day of the minute tier again for the late sample.
    expect(rollups.filter((r) => r.tier === '1m')).toHaveLength(DAYS + 1)
    expect(rollups.filter((r) => r.tier === '1h')).toHaveLength(DAYS)
    expect(steps[steps.length - 1].kind).toBe('retention')
    // The first day's minutes from the late sample's on were rolled up again (21 h, 2 series).
    expect(report.rolledUp).toEqual({ '1m': 2 * DAYS * 1440 + 2 * 21 * 60, '1h': 2 * DAYS * 24 })

    const all = [...samples, late]
    for (const q of queries()) {
      const r = await s.queryRange(q)
      expect(r.points, JSON.stringify(q)).toEqual(referenceRange(all, q))
      expect(r.tier, JSON.stringify(q)).not.toBe('raw')
    }
    expect((await s.stats()).watermarks).toEqual({ '1m': Math.floor(NOW / 60_000) * 60_000, '1h': Math.floor(NOW / HOUR) * HOUR })
  })

  it('stops after the current step when the store closes, and the next pass carries on', async () => {
    let s = await open()
    const samples = backfill()
    await s.append('src', samples)
    let closing = null as Promise<void> | null
    onStep = () => {
      if (steps.length === 3) closing = s.close()
    }
    const partial = await s.runMaintenance(NOW)
    await closing
    expect(steps).toHaveLength(3)
    expect(partial.rolledUp['1m']).toBe(3 * 2 * 1440)
    expect(partial.rolledUp['1h']).toBe(0)

    steps = []
    onStep = () => undefined
    s = await open()
    expect((await s.stats()).watermarks['1m']).toBe(T0 + 3 * DAY)
    const rest = await s.runMaintenance(NOW)
    expect(rest.rolledUp).toEqual({ '1m': (DAYS - 3) * 2 * 1440, '1h': 2 * DAYS * 24 })
    for (const q of queries()) expect((await s.queryRange(q)).points, JSON.stringify(q)).toEqual(referenceRange(samples, q))
  })

  it('runs passes one after another', async () => {
    const s = await open()
    await s.append('src', backfill())
    const [a, b] = await Promise.all([s.runMaintenance(NOW), s.runMaintenance(NOW)])
    expect(a.rolledUp).toEqual({ '1m': 2 * DAYS * 1440, '1h': 2 * DAYS * 24 })
    expect(b.rolledUp).toEqual({ '1m': 0, '1h': 0 })
  })
})
