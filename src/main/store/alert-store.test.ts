// The alert engine's tables in a real DuckDB file: window reads for rules, the history, the
// saved engine state across reopen, noise marks and the per-rule firing counts.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AlertHistoryInput, AlertInstance } from '@shared/alerts'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2025, 0, 1)

function entry(over: Partial<AlertHistoryInput>): AlertHistoryInput {
  return {
    at: T0,
    kind: 'fired',
    alertId: 'a1',
    rule: 'HighLatency',
    severity: 'critical',
    groupKey: null,
    receivers: [],
    level: null,
    by: null,
    value: 300,
    labels: { alertname: 'HighLatency', service: 'checkout' },
    detail: 'HighLatency firing',
    ...over
  }
}

function instance(id: string, over: Partial<AlertInstance> = {}): AlertInstance {
  return {
    id,
    rule: 'HighLatency',
    severity: 'critical',
    state: 'firing',
    labels: { alertname: 'HighLatency' },
    annotations: { summary: 'slow' },
    value: 300,
    activeAt: T0,
    firedAt: T0,
    resolvedAt: null,
    lastEvalAt: T0,
    keepFiringSince: null,
    ...over
  }
}

describe('alert tables', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let store: DuckDBStore | null = null

  const reopen = async (): Promise<DuckDBStore> => {
    await store?.close()
    store = await openStore({ path: file, retention: LONG_RETENTION, threads: 1 })
    return store
  }

  beforeEach(() => {
    tmp = tempDir('alert-store')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(async () => {
    await store?.close()
    store = null
    tmp.cleanup()
  })

  describe('samples (rule windows)', () => {
    it('returns every matching series with its raw samples in (from, to], ascending', async () => {
      const s = await reopen()
      await s.append('push', [
        { name: 'lat', labels: { service: 'checkout', region: 'eu' }, ts: T0 + 2000, value: 2 },
        { name: 'lat', labels: { service: 'checkout', region: 'eu' }, ts: T0 + 1000, value: 1 },
        { name: 'lat', labels: { service: 'checkout', region: 'eu' }, ts: T0 + 3000, value: 3 },
        { name: 'lat', labels: { service: 'checkout', region: 'us' }, ts: T0 + 3000, value: 30 },
        { name: 'lat', labels: { service: 'search' }, ts: T0 + 2000, value: 99 },
        { name: 'other', labels: { service: 'checkout' }, ts: T0 + 2000, value: 7 }
      ])
      const got = await s.samples('lat', { service: 'checkout' }, T0 + 1000, T0 + 3000)
      const byRegion = Object.fromEntries(got.map((x) => [x.labels.region, x]))
      expect(got).toHaveLength(2)
      // Left-open: the sample at `from` is outside; right-closed: the one at `to` is inside.
      expect(byRegion.eu).toEqual({ labels: { service: 'checkout', region: 'eu' }, points: [[T0 + 2000, 2], [T0 + 3000, 3]] })
      expect(byRegion.us).toEqual({ labels: { service: 'checkout', region: 'us' }, points: [[T0 + 3000, 30]] })
      expect(await s.samples('lat', { service: 'none' }, T0, T0 + 5000)).toEqual([])
      expect(await s.samples('missing', undefined, T0, T0 + 5000)).toEqual([])
    })

    it('refuses bad arguments with a message naming them', async () => {
      const s = await reopen()
      await expect(s.samples('', undefined, T0, T0 + 1)).rejects.toThrow(/series name/)
      await expect(s.samples('lat', undefined, T0, Number.NaN)).rejects.toThrow(/samples "lat": to must be epoch milliseconds/)
      await expect(s.samples('lat', undefined, T0 + 5, T0)).rejects.toThrow(/must not be before "from"/)
      await expect(s.samples('lat', { a: 1 as unknown as string }, T0, T0 + 5)).rejects.toThrow(/label "a"/)
    })
  })

  describe('history', () => {
    it('keeps entries in order and answers newest first, filtered by time, alert and kind', async () => {
      const s = await reopen()
      await s.alerts.appendHistory([
        entry({ at: T0, kind: 'pending', value: 260 }),
        entry({ at: T0 + 60_000, kind: 'fired' }),
        entry({ at: T0 + 60_000, kind: 'notified', alertId: null, groupKey: 'critical{}', receivers: ['noc', 'desktop'], level: 0, value: null }),
        entry({ at: T0 + 120_000, kind: 'resolved', alertId: 'a1' }),
        entry({ at: T0 + 120_000, kind: 'fired', alertId: 'b2', rule: 'Other', severity: 'warning' })
      ])
      const all = await s.alerts.history({ from: T0, to: T0 + 200_000 })
      expect(all.map((e) => e.kind)).toEqual(['fired', 'resolved', 'notified', 'fired', 'pending'])
      expect(all[2]).toMatchObject({ groupKey: 'critical{}', receivers: ['noc', 'desktop'], level: 0, alertId: null, value: null })
      expect(all.every((e, i) => i === 0 || e.seq < all[i - 1].seq || e.at < all[i - 1].at)).toBe(true)
      expect((await s.alerts.history({ from: T0, to: T0 + 200_000, alertId: 'a1' })).map((e) => e.kind)).toEqual(['resolved', 'fired', 'pending'])
      expect((await s.alerts.history({ from: T0 + 1, to: T0 + 120_000 })).map((e) => e.kind)).toEqual(['notified', 'fired'])
      expect((await s.alerts.history({ from: T0, to: T0 + 200_000, kinds: ['fired'], limit: 1 })).map((e) => e.alertId)).toEqual(['b2'])
      expect(await s.alerts.firing('a1')).toMatchObject({ at: T0 + 60_000, kind: 'fired' })
      expect(await s.alerts.firing('a1', T0 + 60_000)).toMatchObject({ at: T0 + 60_000 })
      expect(await s.alerts.firing('a1', T0)).toBeNull()
      expect(await s.alerts.firing('zzz')).toBeNull()
    })

    it('refuses a bad entry without recording any of the batch', async () => {
      const s = await reopen()
      await expect(s.alerts.appendHistory([entry({}), entry({ kind: 'exploded' as never })])).rejects.toThrow(/entry 1: kind "exploded" is not one of/)
      await expect(s.alerts.appendHistory([entry({ at: Number.NaN })])).rejects.toThrow(/entry 0 \(fired\): at must be epoch milliseconds/)
      expect(await s.alerts.history({ from: T0 - 1, to: T0 + 1 })).toEqual([])
      await expect(s.alerts.history({ from: T0, to: T0 })).rejects.toThrow(/"to" .* must be after "from"/)
    })

    it('prunes entries and noise marks older than a cutoff', async () => {
      const s = await reopen()
      await s.alerts.appendHistory([entry({ at: T0 }), entry({ at: T0 + 10 })])
      await s.alerts.markNoise({ alertId: 'a1', episode: T0, rule: 'HighLatency', severity: 'critical', noise: true, by: 'ann', at: T0 + 5 }, entry({ at: T0 + 5, kind: 'noise' }))
      expect(await s.alerts.prune(T0 + 6)).toBe(3)
      expect((await s.alerts.history({ from: 0, to: T0 + 100 })).map((e) => e.at)).toEqual([T0 + 10])
      expect(await s.alerts.noiseMarks([['a1', T0]])).toEqual([])
    })
  })

  describe('engine state', () => {
    it('survives a reopen; rules left out of a save are dropped', async () => {
      let s = await reopen()
      expect(await s.alerts.loadState()).toEqual({ routing: null, instances: {}, savedAt: null })
      const routing = { version: 1, now: T0, alerts: {}, groups: {}, silences: { s1: { id: 's1' } } }
      await s.alerts.saveState({ routing, instances: { HighLatency: [instance('a1')], Stale: [instance('b1', { rule: 'Stale', state: 'pending', firedAt: null })] } }, T0)
      await s.alerts.saveState({ routing: { ...routing, now: T0 + 1 }, instances: { HighLatency: [instance('a1', { value: 301 })] } }, T0 + 1)
      s = await reopen()
      const loaded = await s.alerts.loadState()
      expect(loaded.savedAt).toBe(T0 + 1)
      expect(loaded.routing).toEqual({ ...routing, now: T0 + 1 })
      expect(Object.keys(loaded.instances)).toEqual(['HighLatency'])
      expect(loaded.instances.HighLatency[0]).toEqual(instance('a1', { value: 301 }))
    })

    it('refuses state JSON cannot hold, keeping the last saved state', async () => {
      const s = await reopen()
      await s.alerts.saveState({ routing: { ok: 1 }, instances: {} }, T0)
      await expect(s.alerts.saveState({ routing: { n: 1n }, instances: {} }, T0 + 1)).rejects.toThrow(/routing state cannot be stored as JSON/)
      expect((await s.alerts.loadState()).routing).toEqual({ ok: 1 })
    })
  })

  describe('noise marks and quality counts', () => {
    it('counts firing episodes per rule and the ones marked noise (a later mark replaces an earlier one)', async () => {
      const s = await reopen()
      await s.alerts.appendHistory([
        entry({ at: T0, alertId: 'a1' }),
        entry({ at: T0 + 1000, alertId: 'a1' }),
        entry({ at: T0 + 2000, alertId: 'a2' }),
        entry({ at: T0 + 3000, alertId: 'w1', rule: 'DiskFull', severity: 'warning' }),
        entry({ at: T0 + 3000, kind: 'resolved', alertId: 'w1', rule: 'DiskFull', severity: 'warning' }),
        entry({ at: T0 + 9_000_000, alertId: 'a3' })
      ])
      const mark = (alertId: string, episode: number, noise: boolean, at: number) =>
        s.alerts.markNoise({ alertId, episode, rule: 'HighLatency', severity: 'critical', noise, by: 'ann', at }, entry({ at, kind: noise ? 'noise' : 'not-noise', alertId }))
      await mark('a1', T0, true, T0 + 10)
      await mark('a2', T0 + 2000, true, T0 + 20)
      await mark('a2', T0 + 2000, false, T0 + 30)
      expect(await s.alerts.firingCounts(T0, T0 + 10_000)).toEqual([
        { rule: 'DiskFull', severity: 'warning', firings: 1, noise: 0 },
        { rule: 'HighLatency', severity: 'critical', firings: 3, noise: 1 }
      ])
      const marks = await s.alerts.noiseMarks([
        ['a1', T0],
        ['a2', T0 + 2000],
        ['a1', T0 + 1000]
      ])
      expect(marks.map((m) => [m.alertId, m.episode, m.noise]).sort()).toEqual([
        ['a1', T0, true],
        ['a2', T0 + 2000, false]
      ])
      await expect(s.alerts.firingCounts(T0, T0)).rejects.toThrow(/must be after "from"/)
      await expect(
        s.alerts.markNoise({ alertId: 'a1', episode: T0, rule: 'X', severity: 'fatal' as never, noise: true, by: 'ann', at: T0 }, entry({ kind: 'noise' }))
      ).rejects.toThrow(/severity "fatal"/)
    })
  })
})
