import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SourceHealth } from '@shared/types'
import { demoSource as demoSchema } from '@shared/config/schema'
import { createFakeContext, type SourceAnnotation } from '../../../../test/helpers/fake-context'
import { openStore } from '../../store/duckdb-store'
import { LONG_RETENTION, tempDir } from '../../store/test-support'
import { SourceScheduler } from '../scheduler'
import { scheduleEntry } from '../schedule-entry'
import { demoAnnotationsBetween, type DemoAnnotation } from './annotations'
import { DAY, HOUR, MINUTE, isWeekend } from './calendar'
import { createDemoSource } from './demo-source'
import { incidentsOnDay, type Incident } from './incidents'
import { defaultProgrammeStart } from './model'

const NOW = Date.UTC(2025, 5, 4, 14, 7, 30)
const START = defaultProgrammeStart(NOW)
const deps = { configDir: '.', expandSecrets: (t: string) => t }
const config = (extra: Record<string, unknown> = {}) => demoSchema.parse({ id: 'demo', kind: 'demo', ...extra })

/** Every incident starting in [from, to), straight from the incident rules. */
function incidentsStartingIn(seed: number, from: number, to: number): Incident[] {
  const out: Incident[] = []
  for (let d = Math.floor(from / DAY); d <= Math.floor(to / DAY); d++) {
    out.push(...incidentsOnDay(seed, d).filter((i) => i.start >= from && i.start < to))
  }
  return out
}

/** Every incident starting or ending in [from, to): the ones a back-fill of that window records. */
function incidentsTouching(seed: number, from: number, to: number): Incident[] {
  const out: Incident[] = []
  for (let d = Math.floor(from / DAY) - 1; d <= Math.floor(to / DAY); d++) {
    out.push(...incidentsOnDay(seed, d).filter((i) => (i.start >= from && i.start < to) || (i.end >= from && i.end < to)))
  }
  return out
}

/** The first incident of `kind` starting after t. */
function nextIncident(seed: number, t: number, kind: Incident['kind']): Incident {
  for (let d = Math.floor(t / DAY); d < Math.floor(t / DAY) + 400; d++) {
    const hit = incidentsOnDay(seed, d).find((i) => i.kind === kind && i.start > t)
    if (hit) return hit
  }
  throw new Error(`no ${kind} incident within 400 days`)
}

/** Applies annotations in order, replacing by key, as the store does. */
function upsertAll(lists: DemoAnnotation[][]): Map<string, DemoAnnotation> {
  const byKey = new Map<string, DemoAnnotation>()
  for (const a of lists.flat()) byKey.set(a.key, a)
  return byKey
}

describe('demo annotations (pure)', () => {
  it('annotates every incident of a window with its service, duration and affected series, and reveals nothing after it', () => {
    const from = NOW - 90 * DAY
    const list = demoAnnotationsBetween(42, START, from, NOW)
    const incidents = list.filter((a) => a.kind === 'incident')
    const expected = incidentsStartingIn(42, from, NOW)
    expect(expected.length).toBeGreaterThan(10)
    expect(incidents.map((a) => a.key).sort()).toEqual(expected.map((i) => `incident:${i.kind}:${i.service}:${i.start}`).sort())
    for (const inc of expected) {
      const a = incidents.find((x) => x.ts === inc.start && x.labels.service === inc.service)!
      expect(a.endTs).toBe(inc.end)
      expect(a.title).toMatch(new RegExp(`^${inc.service} (outage|latency spike|error burst) \\((\\d+ h( \\d+ min)?|\\d+ min)\\)$`))
      expect(a.series.length).toBeGreaterThan(0)
      if (inc.kind === 'down') {
        expect(a.title).toBe(`${inc.service} outage (20 min)`)
        expect(a.series).toContain('service_up')
      }
      if (inc.kind === 'latency') expect(a.series).toContain('service_latency_ms')
      if (inc.kind === 'errors') expect(a.series).toContain('service_error_rate_percent')
    }
    for (const a of list) {
      expect(a.ts).toBeGreaterThanOrEqual(from - DAY)
      expect(a.ts).toBeLessThan(NOW)
      if (a.endTs !== null) expect(a.endTs).toBeLessThan(NOW)
    }
  })

  it('shows an incident in progress as ongoing (no end) until a later window sees it end', () => {
    const inc = nextIncident(42, NOW, 'latency')
    const during = demoAnnotationsBetween(42, START, inc.start - HOUR, inc.start + MINUTE)
    const ongoing = during.find((a) => a.kind === 'incident' && a.ts === inc.start)!
    expect(ongoing).toMatchObject({ endTs: null, title: `${inc.service} latency spike (ongoing)`, labels: { service: inc.service } })
    expect(demoAnnotationsBetween(42, START, inc.start + MINUTE, inc.end)).toEqual([])
    const after = demoAnnotationsBetween(42, START, inc.end, inc.end + MINUTE).find((a) => a.key === ongoing.key)!
    expect(after.endTs).toBe(inc.end)
    expect(after.title).not.toContain('ongoing')
    expect(demoAnnotationsBetween(42, START, inc.start - HOUR, inc.start)).not.toContainEqual(expect.objectContaining({ key: ongoing.key }))
  })

  it('gives the same final annotations whether a period is taken at once or in many pieces', () => {
    const from = NOW - 20 * DAY
    const whole = upsertAll([demoAnnotationsBetween(42, START, from, NOW)])
    const pieces: DemoAnnotation[][] = []
    for (let t = from; t < NOW; t += 37 * MINUTE) pieces.push(demoAnnotationsBetween(42, START, t, Math.min(NOW, t + 37 * MINUTE)))
    expect(upsertAll(pieces)).toEqual(whole)
  })

  it('has the deployments the model series show, and weekly fraud rule updates on weekdays in office hours', () => {
    // Day 30 (fraud model live) to day 250: both cs-assistant releases and two retrains.
    const list = demoAnnotationsBetween(42, START, START + 29 * DAY, START + 250 * DAY).filter((a) => a.kind === 'deployment')
    const title = (t: number): string | undefined => list.find((a) => a.ts === t)?.title
    expect(title(START + 30 * DAY)).toBe('fraud-detector v1 deployed')
    expect(title(START + 45 * DAY)).toBe('cs-assistant v2 deployed')
    expect(title(START + 90 * DAY)).toBe('cs-assistant v3 deployed')
    expect(title(START + 150 * DAY)).toBe('fraud-detector v2 deployed')
    expect(title(START + 240 * DAY)).toBe('fraud-detector v3 deployed')
    expect(list.find((a) => a.ts === START + 150 * DAY)?.text).toContain('drift')
    const weekly = list.filter((a) => / v\d+\.\d+ deployed$/.test(a.title))
    for (const a of weekly) {
      expect(isWeekend(a.ts)).toBe(false)
      expect(new Date(a.ts).getUTCHours()).toBeGreaterThanOrEqual(10)
      expect(new Date(a.ts).getUTCHours()).toBeLessThan(16)
    }
    // One a week between versions: v1.1…v1.17 in the 120 days between day 30 and day 150.
    const v1 = weekly.filter((a) => a.title.startsWith('fraud-detector v1.'))
    expect(v1.length).toBeGreaterThanOrEqual(16)
    expect(v1.length).toBeLessThanOrEqual(17)
    expect(v1.map((a) => a.title)).toEqual(v1.map((_, i) => `fraud-detector v1.${i + 1} deployed`))
    expect(v1.every((a) => a.ts > START + 30 * DAY && a.ts < START + 150 * DAY)).toBe(true)
    for (let i = 1; i < v1.length; i++) {
      expect(v1[i].ts - v1[i - 1].ts).toBeGreaterThan(2 * DAY)
      expect(v1[i].ts - v1[i - 1].ts).toBeLessThan(12 * DAY)
    }
    expect(weekly.some((a) => a.title === 'fraud-detector v2.1 deployed')).toBe(true)
    // Seeded: another seed moves the weekly updates, not the model's own deployments.
    const other = demoAnnotationsBetween(7, START, START + 29 * DAY, START + 250 * DAY).filter((a) => a.kind === 'deployment')
    expect(other.find((a) => a.ts === START + 150 * DAY)?.title).toBe('fraud-detector v2 deployed')
    expect(other.map((a) => a.ts)).not.toEqual(list.map((a) => a.ts))
  })
})

describe('demo source annotations', () => {
  it('back-fill records every event of the window once, none after now', async () => {
    const ctx = createFakeContext({ now: () => NOW })
    const src = createDemoSource(config({ backfill: '40d', backfill_step: '1h' }), deps)
    await src.backfill!(ctx)
    expect(ctx.warnings).toEqual([])
    const expectedIncidents = incidentsTouching(42, NOW - 40 * DAY, NOW)
    const incidents = ctx.annotations.filter((a) => a.kind === 'incident')
    expect(incidents.map((a) => a.ts).sort()).toEqual(expectedIncidents.map((i) => i.start).sort())
    const deployments = ctx.annotations.filter((a) => a.kind === 'deployment')
    expect(deployments.length).toBeGreaterThanOrEqual(4)
    expect(deployments.map((a) => a.title)).toContain('cs-assistant v3 deployed')
    expect(ctx.annotations.every((a) => a.ts >= NOW - 41 * DAY && a.ts < NOW && (a.endTs === null || a.endTs < NOW))).toBe(true)
    expect(ctx.annotateCalls).toBe(ctx.annotations.length)
  })

  it('a restart re-sends nothing already recorded; an incident in progress at shutdown gets its end later', async () => {
    const ctx = createFakeContext({ now: () => clock })
    const inc = nextIncident(42, NOW, 'down')
    let clock = inc.start + 5 * MINUTE
    const cfg = config({ backfill: '7d', backfill_step: '30m', interval: '15s' })
    const first = createDemoSource(cfg, deps)
    await first.backfill!(ctx)
    await first.poll(ctx)
    const key = `incident:down:${inc.service}:${inc.start}`
    expect(ctx.annotations.find((a) => a.key === key)).toMatchObject({ endTs: null, title: `${inc.service} outage (ongoing)` })
    const sentBefore: SourceAnnotation[] = ctx.annotations.map((a) => ({ ...a }))
    const callsBefore = ctx.annotateCalls

    // Restart 2 days later: the gap is filled, the outage gets its end, nothing else is re-sent.
    clock = inc.start + 2 * DAY
    const second = createDemoSource(cfg, deps)
    const run = ctx.nextRun()
    await second.backfill!(run)
    await second.poll(run)
    const newOnes = incidentsStartingIn(42, inc.start + 5 * MINUTE + 1, clock).length
    const deploymentsInGap = demoAnnotationsBetween(42, START, inc.start + 5 * MINUTE + 1, clock + 1).filter((a) => a.kind === 'deployment').length
    expect(ctx.annotateCalls - callsBefore).toBe(newOnes + deploymentsInGap + 1)
    expect(ctx.annotations.find((a) => a.key === key)).toMatchObject({ endTs: inc.end, title: `${inc.service} outage (20 min)` })
    expect(new Set(ctx.annotations.map((a) => a.key)).size).toBe(ctx.annotations.length)
    for (const a of sentBefore) if (a.key !== key) expect(ctx.annotations).toContainEqual(a)

    // Restart right away: nothing at all to send.
    const calls = ctx.annotateCalls
    const third = createDemoSource(cfg, deps)
    await third.backfill!(ctx.nextRun())
    expect(ctx.annotateCalls).toBe(calls)
  })

  it('live polls record an incident when it starts (not before) and complete it when it ends', async () => {
    const inc = nextIncident(42, NOW + DAY, 'errors')
    let clock = inc.start - 2 * HOUR
    const ctx = createFakeContext({ now: () => clock })
    const src = createDemoSource(config({ backfill: '1h', backfill_step: '5m' }), deps)
    await src.backfill!(ctx)
    const key = `incident:errors:${inc.service}:${inc.start}`
    const seen = (): SourceAnnotation | undefined => ctx.annotations.find((a) => a.key === key)
    for (clock = inc.start - 60_000; clock <= inc.end + 60_000; clock += 15_000) {
      await src.poll(ctx)
      if (clock < inc.start) expect(seen()).toBeUndefined()
      else if (clock < inc.end) expect(seen()).toMatchObject({ ts: inc.start, endTs: null })
      else expect(seen()).toMatchObject({ ts: inc.start, endTs: inc.end })
    }
    // Sent twice in all: when it started, and when it ended.
    expect(ctx.annotateCalls).toBe(ctx.annotations.length + 1)
  })

  it('through the scheduler into a real store: a restart does not duplicate annotations', async () => {
    const tmp = tempDir('demo-annotations')
    const store = await openStore({ path: join(tmp.dir, 'vigil.duckdb'), retention: LONG_RETENTION })
    try {
      const cfg = config({ backfill: '10d', backfill_step: '1h', interval: '1h', labels: { env: 'demo' } })
      const runOnce = async (now: number): Promise<void> => {
        let done!: () => void
        const ok = new Promise<void>((resolve) => (done = resolve))
        const scheduler = new SourceScheduler({
          sources: [scheduleEntry(cfg, createDemoSource(cfg, deps))],
          write: (id, samples) => store.append(id, samples),
          annotate: (id, input) => store.addAnnotation(input),
          state: (id) => ({ get: (key) => store.getState(id, key), set: (key, value) => store.setState(id, key, value) }),
          clock: { now: () => now },
          onHealth: (h: SourceHealth) => {
            if (h.lastSuccessAt !== null) done()
          }
        })
        scheduler.start()
        await ok
        await scheduler.stop()
        expect(scheduler.health()[0].lastError).toBeNull()
      }
      await runOnce(NOW)
      const all = () => store.listAnnotations({ from: NOW - 30 * DAY, to: NOW + 30 * DAY, limit: 5000 })
      const first = await all()
      expect(first.length).toBeGreaterThan(3)
      expect(first.every((a) => a.source === 'demo' && a.labels.env === 'demo')).toBe(true)
      expect(first.filter((a) => a.kind === 'incident').map((a) => a.ts).sort()).toEqual(
        incidentsTouching(42, NOW - 10 * DAY, NOW + 1).map((i) => i.start).sort()
      )

      await runOnce(NOW + 1000)
      expect(await all()).toEqual(first)

      const later = NOW + 3 * DAY
      await runOnce(later)
      const after = await all()
      expect(new Set(after.map((a) => a.id)).size).toBe(after.length)
      expect(after.filter((a) => a.kind === 'incident').map((a) => a.ts).sort()).toEqual(
        incidentsTouching(42, NOW - 10 * DAY, later + 1).map((i) => i.start).sort()
      )
      for (const a of first) expect(after.find((b) => b.id === a.id)?.ts).toBe(a.ts)
    } finally {
      await store.close()
      tmp.cleanup()
    }
  })
})
