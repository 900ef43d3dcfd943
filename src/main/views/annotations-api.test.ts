import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Annotation } from '@shared/annotations'
import { requests } from '@shared/api'
import { EventBus } from '../engine/event-bus'
import { openStore, type DuckDBStore } from '../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../store/test-support'
import { createAnnotationsApi, recordAnnotation } from './annotations-api'

const NOW = Date.UTC(2025, 5, 4, 12)

describe('annotations API over a real store', () => {
  let tmp: ReturnType<typeof tempDir>
  let store: DuckDBStore
  let bus: EventBus
  let events: Annotation[]

  beforeEach(async () => {
    tmp = tempDir('annotations-api')
    store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION, clock: () => NOW })
    bus = new EventBus()
    events = []
    bus.on('annotation', (a) => events.push(a))
  })
  afterEach(async () => {
    await store.close()
    tmp.cleanup()
  })

  it('adds as source "user", announces it, and lists it back', async () => {
    const api = createAnnotationsApi({ store, bus, now: () => NOW, readOnly: false })
    const args = requests.addAnnotation.args.parse({ kind: 'deployment', ts: NOW - 60_000, title: 'checkout v42 deployed', series: ['service_latency_ms'] })
    const added = await api.addAnnotation(args)
    expect(added).toEqual({
      id: expect.any(String),
      kind: 'deployment',
      ts: NOW - 60_000,
      endTs: null,
      title: 'checkout v42 deployed',
      text: null,
      series: ['service_latency_ms'],
      labels: {},
      source: 'user'
    })
    expect(events).toEqual([added])
    expect(await api.listAnnotations({ from: NOW - 3_600_000, to: NOW })).toEqual([added])
    expect(await api.listAnnotations({ from: NOW - 3_600_000, to: NOW, kinds: ['incident'] })).toEqual([])
  })

  it('refuses additions in read-only mode, storing and announcing nothing', async () => {
    const api = createAnnotationsApi({ store, bus, now: () => NOW, readOnly: true })
    const attempt = api.addAnnotation({ kind: 'note', ts: NOW, title: 'x' })
    await expect(attempt).rejects.toThrow('read-only')
    await expect(attempt).rejects.toMatchObject({ name: 'ReadOnlyError' })
    expect(events).toEqual([])
    expect(await api.listAnnotations({ from: 0, to: NOW + 1 })).toEqual([])
  })

  it('refuses times sent in seconds with the millisecond value to use', async () => {
    const api = createAnnotationsApi({ store, bus, now: () => NOW, readOnly: false })
    const seconds = Math.floor(NOW / 1000)
    const attempt = api.addAnnotation({ kind: 'deployment', ts: seconds, title: 'from a shell script' })
    await expect(attempt).rejects.toThrow(`ts: ${seconds} looks like epoch seconds; send epoch milliseconds (${seconds * 1000})`)
    await expect(attempt).rejects.toMatchObject({ name: 'BadRequestError' })
    await expect(api.addAnnotation({ kind: 'incident', ts: NOW, endTs: seconds + 60, title: 'x' })).rejects.toThrow('endTs: ')
    // Early epoch-ms times far from now are taken as they are.
    expect((await api.addAnnotation({ kind: 'note', ts: 86_400_000, title: 'the second day of 1970' })).ts).toBe(86_400_000)
  })

  it('answers what the store would refuse as a bad request, storing nothing', async () => {
    const api = createAnnotationsApi({ store, bus, now: () => NOW, readOnly: false })
    const blank = api.addAnnotation(requests.addAnnotation.args.parse({ kind: 'note', ts: NOW, title: '   ' }))
    await expect(blank).rejects.toThrow('annotation from source "user": title must be a non-empty string')
    await expect(blank).rejects.toMatchObject({ name: 'BadRequestError' })
    const emptyLabel = api.addAnnotation(requests.addAnnotation.args.parse({ kind: 'note', ts: NOW, title: 'x', labels: { '': 'v' } }))
    await expect(emptyLabel).rejects.toThrow('label names must not be empty')
    expect(events).toEqual([])
    expect(await api.listAnnotations({ from: 0, to: NOW + 1 })).toEqual([])
  })

  it('recordAnnotation stores a source annotation under its key and announces every write', async () => {
    const input = { source: 'demo', key: 'incident:1', kind: 'incident' as const, ts: NOW, endTs: null, title: 'api outage (ongoing)', text: null, series: [], labels: {} }
    const first = await recordAnnotation({ store, bus }, input)
    const second = await recordAnnotation({ store, bus }, { ...input, endTs: NOW + 1_200_000, title: 'api outage (20 min)' })
    expect(second.id).toBe(first.id)
    expect(events.map((e) => e.title)).toEqual(['api outage (ongoing)', 'api outage (20 min)'])
    expect(await store.listAnnotations({ from: NOW, to: NOW + 1 })).toEqual([second])
  })
})
