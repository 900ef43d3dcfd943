import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Annotation } from '@shared/annotations'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import type { AnnotationInput, RetentionPolicy } from './metric-store'
import { DAY, LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2025, 0, 6)
const MIN = 60_000

function note(extra: Partial<AnnotationInput> = {}): AnnotationInput {
  return { source: 'ci', kind: 'deployment', ts: T0, endTs: null, title: 'api v1 deployed', text: null, series: [], labels: {}, ...extra }
}

describe('annotations in the DuckDB store', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let clock = T0
  const open: DuckDBStore[] = []
  const openFile = async (retention: RetentionPolicy = LONG_RETENTION): Promise<DuckDBStore> => {
    const store = await openStore({ path: file, retention, clock: () => clock })
    open.push(store)
    return store
  }
  const titles = (list: Annotation[]): string[] => list.map((a) => a.title)

  beforeEach(() => {
    tmp = tempDir('annotations')
    file = join(tmp.dir, 'vigil.duckdb')
    clock = T0
  })
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close()
    tmp.cleanup()
  })

  it('stores an annotation and returns it exactly as listed, surviving a restart', async () => {
    const store = await openFile()
    const added = await store.addAnnotation(
      note({
        kind: 'incident',
        ts: T0 + 5 * MIN,
        endTs: T0 + 25 * MIN,
        title: 'assistant-api outage (20 min)',
        text: 'HTTP 503 from every replica',
        series: ['service_up', 'service_error_rate_percent'],
        labels: { service: 'assistant-api', region: 'eu' },
        source: 'demo'
      })
    )
    expect(added).toEqual({
      id: expect.any(String),
      kind: 'incident',
      ts: T0 + 5 * MIN,
      endTs: T0 + 25 * MIN,
      title: 'assistant-api outage (20 min)',
      text: 'HTTP 503 from every replica',
      series: ['service_up', 'service_error_rate_percent'],
      labels: { service: 'assistant-api', region: 'eu' },
      source: 'demo'
    })
    expect(await store.listAnnotations({ from: T0, to: T0 + DAY })).toEqual([added])
    await store.close()
    const reopened = await openFile()
    expect(await reopened.listAnnotations({ from: T0, to: T0 + DAY })).toEqual([added])
  })

  it('upserts by source and key: the same id, the latest content, one row; other sources and keyless writes are separate', async () => {
    const store = await openFile()
    const first = await store.addAnnotation(note({ key: 'deploy:1', title: 'api v1 deploying', endTs: null }))
    const second = await store.addAnnotation(note({ key: 'deploy:1', title: 'api v1 deployed', endTs: T0 + 3 * MIN, series: ['api_up'] }))
    expect(second.id).toBe(first.id)
    expect(await store.listAnnotations({ from: T0 - DAY, to: T0 + DAY })).toEqual([second])
    // Re-sending the same content changes nothing.
    await store.addAnnotation(note({ key: 'deploy:1', title: 'api v1 deployed', endTs: T0 + 3 * MIN, series: ['api_up'] }))
    expect(await store.listAnnotations({ from: T0 - DAY, to: T0 + DAY })).toEqual([second])

    const otherSource = await store.addAnnotation(note({ key: 'deploy:1', source: 'other' }))
    expect(otherSource.id).not.toBe(first.id)
    const keyless1 = await store.addAnnotation(note({ title: 'manual note', kind: 'note' }))
    const keyless2 = await store.addAnnotation(note({ title: 'manual note', kind: 'note' }))
    expect(keyless1.id).not.toBe(keyless2.id)
    expect(await store.listAnnotations({ from: T0 - DAY, to: T0 + DAY })).toHaveLength(4)

    // The key still maps to the same row after a restart.
    await store.close()
    const reopened = await openFile()
    const third = await reopened.addAnnotation(note({ key: 'deploy:1', title: 'api v1 rolled back' }))
    expect(third.id).toBe(first.id)
    const list = await reopened.listAnnotations({ from: T0 - DAY, to: T0 + DAY })
    expect(list).toHaveLength(4)
    expect(list.find((a) => a.id === first.id)?.title).toBe('api v1 rolled back')
  })

  it('lists what overlaps [from, to): instants inside, periods reaching in from either side; newest first', async () => {
    const store = await openFile()
    const at = (m: number): number => T0 + m * MIN
    await store.addAnnotation(note({ title: 'before', ts: at(0) }))
    await store.addAnnotation(note({ title: 'at from', ts: at(10) }))
    await store.addAnnotation(note({ title: 'inside', ts: at(15) }))
    await store.addAnnotation(note({ title: 'at to', ts: at(20) }))
    await store.addAnnotation(note({ title: 'period ending at from', kind: 'incident', ts: at(2), endTs: at(10) }))
    await store.addAnnotation(note({ title: 'period ending before from', kind: 'incident', ts: at(2), endTs: at(10) - 1 }))
    await store.addAnnotation(note({ title: 'period spanning the range', kind: 'incident', ts: at(5), endTs: at(30) }))
    await store.addAnnotation(note({ title: 'period starting inside', kind: 'incident', ts: at(19), endTs: at(40) }))
    await store.addAnnotation(note({ title: 'period starting at to', kind: 'incident', ts: at(20), endTs: at(40) }))

    expect(titles(await store.listAnnotations({ from: at(10), to: at(20) }))).toEqual([
      'period starting inside',
      'inside',
      'at from',
      'period spanning the range',
      'period ending at from'
    ])
    expect(titles(await store.listAnnotations({ from: at(10), to: at(20), limit: 2 }))).toEqual(['period starting inside', 'inside'])
    // Fractional bounds act on whole milliseconds.
    expect(titles(await store.listAnnotations({ from: at(15) - 0.5, to: at(15) + 0.5 }))).toEqual(['inside', 'period spanning the range'])
    expect(await store.listAnnotations({ from: at(100), to: at(200) })).toEqual([])
  })

  it('filters by kind', async () => {
    const store = await openFile()
    await store.addAnnotation(note({ title: 'deploy', kind: 'deployment' }))
    await store.addAnnotation(note({ title: 'outage', kind: 'incident', endTs: T0 + MIN }))
    await store.addAnnotation(note({ title: 'alert', kind: 'alert', ts: T0 + 1 }))
    await store.addAnnotation(note({ title: 'note', kind: 'note', ts: T0 + 2 }))
    const range = { from: T0, to: T0 + DAY }
    expect(titles(await store.listAnnotations({ ...range, kinds: ['incident', 'deployment'] })).sort()).toEqual(['deploy', 'outage'])
    expect(titles(await store.listAnnotations({ ...range, kinds: ['note'] }))).toEqual(['note'])
    expect(await store.listAnnotations({ ...range, kinds: [] })).toEqual([])
    expect(await store.listAnnotations(range)).toHaveLength(4)
  })

  it('refuses bad annotations and queries with messages naming the problem, storing nothing', async () => {
    const store = await openFile()
    await expect(store.addAnnotation(note({ source: '' }))).rejects.toThrow('an annotation needs a non-empty source id')
    await expect(store.addAnnotation(note({ kind: 'outage' as never, key: 'k1' }))).rejects.toThrow(
      'annotation from source "ci" (key "k1"): kind "outage" is not one of deployment, incident, alert, note'
    )
    await expect(store.addAnnotation(note({ ts: Number.NaN }))).rejects.toThrow('ts must be epoch milliseconds, got NaN')
    await expect(store.addAnnotation(note({ endTs: T0 - 1 }))).rejects.toThrow(`endTs (${T0 - 1}) is before ts (${T0})`)
    await expect(store.addAnnotation(note({ title: ' ' }))).rejects.toThrow('title must be a non-empty string')
    await expect(store.addAnnotation(note({ series: ['ok', ''] }))).rejects.toThrow('series[1] must be a non-empty series name')
    await expect(store.addAnnotation(note({ labels: { service: 3 } as never }))).rejects.toThrow('annotation from source "ci": label "service" is 3, expected a string')
    await expect(store.addAnnotation(note({ key: '' }))).rejects.toThrow('key must be a non-empty string')
    await expect(store.listAnnotations({ from: T0, to: T0 })).rejects.toThrow('"to" (' + T0 + ') must be after "from"')
    await expect(store.listAnnotations({ from: T0, to: T0 + 1, limit: 0 })).rejects.toThrow('limit must be a whole number from 1 to 5000')
    await expect(store.listAnnotations({ from: T0, to: T0 + 1, kinds: ['x' as never] })).rejects.toThrow('kind "x" is not one of')
    expect(await store.listAnnotations({ from: -Infinity, to: Infinity })).toEqual([])
    // A bad write does not block the good one queued after it.
    await store.addAnnotation(note())
    expect(await store.listAnnotations({ from: -Infinity, to: Infinity })).toHaveLength(1)
  })

  it('maintenance deletes annotations that ended before the longest tier retention', async () => {
    const retention: RetentionPolicy = { raw: 2 * DAY, '1m': 10 * DAY, '1h': 30 * DAY }
    const store = await openFile(retention)
    await store.addAnnotation(note({ title: 'old instant', ts: T0 }))
    await store.addAnnotation(note({ title: 'old period reaching past the cutoff', kind: 'incident', ts: T0, endTs: T0 + 2 * DAY }))
    await store.addAnnotation(note({ title: 'recent', ts: T0 + 5 * DAY }))
    const report = await store.runMaintenance(T0 + 31 * DAY)
    expect(report.deleted.annotations).toBe(1)
    expect(titles(await store.listAnnotations({ from: -Infinity, to: Infinity }))).toEqual(['recent', 'old period reaching past the cutoff'])
    expect((await store.runMaintenance(T0 + 33 * DAY)).deleted.annotations).toBe(1)
    expect(titles(await store.listAnnotations({ from: -Infinity, to: Infinity }))).toEqual(['recent'])
  })
})
