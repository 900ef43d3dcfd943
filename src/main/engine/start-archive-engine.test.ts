// Review mode end to end under Node: a demo data dir exported with the real exporter, opened as
// an archive, answers every built-in view's requests as the live engine does for the same range;
// damaged archives are refused with the verifier's words; every write is refused.
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VigilApi } from '@shared/api'
import { viewRequests, type ContractCall } from '@shared/views/panel-requests'
import { expectNearlyEqual } from '../../../test/helpers/nearly-equal'
import { readArchiveIndex } from '../archive/archive-reader'
import { ANALYTICS_MEMBER, TABLE_MEMBERS } from '../archive/format'
import { readRange } from '../archive/read-range'
import { ArchiveOpenError, computeArchiveAnalytics, startArchiveEngine, type ArchiveEngineHandle } from './start-archive-engine'
import { buildDemoArchives, DAY, FROM, HOUR, NOW, TO, type DemoArchives } from './archive-fixture'
import { forecastKey, parseReviewAnswers, viewForecastCalls } from './review-answers'
import type { LiveEngine } from './start-engine'

/** One member of an archive as text. */
async function readMemberText(path: string, member: string): Promise<string> {
  const at = (await readArchiveIndex(path)).members.get(member)
  if (!at) throw new Error(`${path} has no ${member}`)
  return (await readRange(path, at.offset, at.size)).toString('utf8')
}

const quiet = { version: '0.0.0-test', log: () => undefined }

/** Runs one contract call on an API. */
function run(api: VigilApi, c: ContractCall): Promise<unknown> {
  return (api[c.method] as (args: unknown) => Promise<unknown>)(c.args)
}

/** The outcome of a call, errors included (both engines must fail alike). */
async function outcome(api: VigilApi, c: ContractCall): Promise<unknown> {
  try {
    return { ok: await run(api, c) }
  } catch (err) {
    return { error: (err as Error).message }
  }
}

describe('startArchiveEngine', () => {
  let dir: string
  let live: LiveEngine
  let archivePath: string
  let signedPath: string
  let exportAgain: DemoArchives['exportAgain']
  const cacheDir = (): string => join(dir, 'cache')
  const open: ArchiveEngineHandle[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-review-'))
    ;({ live, archivePath, signedPath, exportAgain } = await buildDemoArchives(dir))
  }, 180_000)

  afterAll(async () => {
    for (const e of open.splice(0)) await e.stop()
    await live?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  async function review(path = archivePath): Promise<ArchiveEngineHandle> {
    const engine = await startArchiveEngine({ archivePath: path, cacheDir: cacheDir(), ...quiet })
    open.push(engine)
    return engine
  }

  async function refusal(path: string): Promise<string> {
    const err = await startArchiveEngine({ archivePath: path, cacheDir: join(dir, 'cache-refused'), ...quiet }).then(
      (e) => {
        open.push(e)
        return null
      },
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(ArchiveOpenError)
    return (err as Error).message
  }

  it('answers every built-in view\'s requests as the live engine does for the same range', async () => {
    const engine = await review()
    const views = await live.api.getViews({})
    // The archive's views are the ones in use at export (views.json), read back through the schema.
    expect(await engine.api.getViews({})).toEqual(views)
    expect(views.views.map((v) => v.id)).toEqual(expect.arrayContaining(['executive', 'operational', 'technical']))
    const windows = [
      { from: FROM, to: TO },
      { from: TO - DAY, to: TO, step: 300 },
      { from: FROM + 5 * HOUR + 123, to: FROM + 2 * DAY, step: 1800 }
    ]
    let compared = 0
    for (const view of views.views) {
      for (const w of windows) {
        // Source health is the one answer that differs by design: review mode has no sources.
        const calls = viewRequests(view, w).filter((c) => c.method !== 'getHealth')
        for (const c of calls) {
          const [mine, theirs] = await Promise.all([outcome(engine.api, c), outcome(live.api, c)])
          expectNearlyEqual(mine, theirs, `${view.id} ${c.method} ${JSON.stringify(c.args)}`)
          // Both answered (an error on both sides would compare equal and prove nothing).
          expect(mine, `${view.id} ${c.method} ${JSON.stringify(mine).slice(0, 300)}`).toHaveProperty("ok")
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(50)
    // Beyond the panels: the catalog, every KPI, annotations, alert history, notifications, models.
    for (const c of [
      { method: 'listSeries', args: {} },
      { method: 'getKpis', args: { from: FROM, to: TO } },
      { method: 'getMilestones', args: {} },
      { method: 'listAnnotations', args: { from: FROM, to: TO } },
      { method: 'getAlertHistory', args: { from: FROM, to: TO } },
      { method: 'listNotifications', args: {} },
      { method: 'listModels', args: {} },
      { method: 'listAlerts', args: {} }
    ] as ContractCall[]) {
      expectNearlyEqual(await outcome(engine.api, c), await outcome(live.api, c), c.method)
    }
    const series = await engine.api.listSeries({})
    expect(series.length).toBeGreaterThan(20)
    const roi = await engine.api.queryRange({ series: 'ai_roi_percent', from: FROM, to: TO, step: 3600 })
    expect(roi.points.length).toBeGreaterThan(70)
  }, 180_000)

  it('serves the analytics member, which equals computing the forecasts and recommendations from the archive', async () => {
    const withMember = await review()
    const messages: string[] = []
    // Another Vigil version does not trust this one's computation: it computes from the Parquet members.
    const recomputing = await startArchiveEngine({ archivePath, cacheDir: cacheDir(), version: '9.9.9-other', log: (m) => messages.push(m) })
    open.push(recomputing)
    expect(messages.join('\n')).toContain('analytics/business.json not used (it was computed by Vigil 0.0.0-test, this is 9.9.9-other)')
    const stored = await withMember.api.getBusinessForecasts({})
    expect(stored.roi.result).not.toBeNull()
    expect(stored).toEqual(await recomputing.api.getBusinessForecasts({}))
    const advice = await withMember.api.getRecommendations({})
    expect(advice).toEqual(await recomputing.api.getRecommendations({}))
    expect(await withMember.api.getRecommendations({ view: 'executive' })).toEqual(advice.filter((r) => r.view === 'executive'))
    // The signed archive was written without the member: it computes, and answers the same.
    expect(await (await review(signedPath)).api.getBusinessForecasts({})).toEqual(stored)

    // The latest values and the views' panel forecasts in the member equal a scan and a fit made on request.
    const member = parseReviewAnswers(await readMemberText(archivePath, ANALYTICS_MEMBER), '0.0.0-test')
    expect(member.latest!.length).toBe((await withMember.api.listSeries({})).length)
    expect(member.forecasts.size).toBeGreaterThan(0)
    const views = await withMember.api.getViews({})
    for (const args of viewForecastCalls(views)) {
      const made = await recomputing.api.getForecast(args)
      expect(member.forecasts.get(forecastKey(args)), JSON.stringify(args)).toEqual(made)
      expect(await withMember.api.getForecast(args)).toEqual(made)
    }
    for (const s of await recomputing.api.listSeries({})) {
      expect(await withMember.api.latest({ series: s.name, labels: s.labels })).toEqual(await recomputing.api.latest({ series: s.name, labels: s.labels }))
    }
    const kpiRange = { from: TO - DAY, to: TO }
    expect(await withMember.api.getKpis(kpiRange)).toEqual(await recomputing.api.getKpis(kpiRange))
  }, 180_000)

  it('scans for the latest values when the member\'s do not fit the series catalog, and says so', async () => {
    const odd = join(dir, 'odd-latest.vigil')
    await exportAgain(odd, async (input) => ({ ...(await computeArchiveAnalytics({ ...input, configName: 'vigil.yaml', version: '0.0.0-test' })), latest: [[99_999, TO, 1]] }))
    const messages: string[] = []
    const engine = await startArchiveEngine({ archivePath: odd, cacheDir: cacheDir(), version: '0.0.0-test', log: (m) => messages.push(m) })
    open.push(engine)
    expect(messages.join('\n')).toContain('the latest values of analytics/business.json not used (metric store (in memory): latest value #0 is not (series id of this catalog, ts, value): [99999,')
    const reference = await review()
    for (const s of (await reference.api.listSeries({})).slice(0, 10)) {
      expect(await engine.api.latest({ series: s.name, labels: s.labels })).toEqual(await reference.api.latest({ series: s.name, labels: s.labels }))
    }
    // The rest of the member is still used.
    expect(await engine.api.getBusinessForecasts({})).toEqual(await reference.api.getBusinessForecasts({}))
  }, 120_000)

  it('reports archive mode, the range and the verified/signed state', async () => {
    const engine = await review()
    const info = await engine.api.getAppInfo({})
    expect(info).toMatchObject({ mode: 'archive', dataDir: null, configPath: null, now: TO })
    expect(info.archive).toEqual({ name: 'q1-review.vigil', from: FROM, to: TO, verified: true, signed: false })
    expect((await engine.api.getHealth({})).sources).toEqual([])
    const signed = await review(signedPath)
    const signedInfo = (await signed.api.getAppInfo({})).archive!
    expect(signedInfo.signed).toBe(true)
    expect(signedInfo.keyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })

  it('refuses every write with a read-only error', async () => {
    const engine = await review()
    const api = engine.api
    const writes: [string, () => Promise<unknown>][] = [
      ['addAnnotation', () => api.addAnnotation({ kind: 'note', ts: NOW, title: 'reviewed' })],
      ['acknowledgeAlert', () => api.acknowledgeAlert({ id: 'abc', by: 'auditor' })],
      ['addSilence', () => api.addSilence({ matchers: [{ name: 'a', value: 'b' }], endsAt: TO + HOUR, createdBy: 'auditor', comment: 'x' })],
      ['expireSilence', () => api.expireSilence({ id: 'x' })],
      ['markAlertNoise', () => api.markAlertNoise({ id: 'abc', noise: true, by: 'auditor' })],
      ['push', () => engine.push([{ name: 'cpu', labels: {}, ts: NOW, value: 1 }])],
      ['pushPredictions', () => engine.pushPredictions!([])]
    ]
    for (const [what, write] of writes) {
      const err = (await write().then(
        () => null,
        (e: unknown) => e
      )) as Error | null
      expect(err?.name, what).toBe('ReadOnlyError')
      expect(err?.message, what).toMatch(/read-only/)
    }
    expect(engine.readOnly).toBe(true)
    expect(await api.listAnnotations({ from: FROM, to: TO })).toEqual(await live.api.listAnnotations({ from: FROM, to: TO }))
  })

  it('extracts each Parquet member once into a cache folder named by the manifest hash, and reuses it', async () => {
    await (await review()).stop()
    const folders = readdirSync(cacheDir())
    expect(folders.some((f) => /^[0-9a-f]{64}$/.test(f))).toBe(true)
    const folder = join(cacheDir(), folders.find((f) => /^[0-9a-f]{64}$/.test(f))!)
    const index = await readArchiveIndex(archivePath)
    const samples = index.manifest.members.find((m) => m.path === TABLE_MEMBERS.samples)!
    expect(statSync(join(folder, 'samples.parquet')).size).toBe(samples.bytes)
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([])
    const before = statSync(join(folder, 'samples.parquet')).mtimeMs
    await (await review()).stop()
    expect(statSync(join(folder, 'samples.parquet')).mtimeMs).toBe(before)
  })

  describe('refuses damaged archives with a clear message', () => {
    const copy = (name: string): string => {
      const path = join(dir, name)
      writeFileSync(path, readFileBytes(archivePath))
      return path
    }

    it('a flipped byte in a Parquet member', async () => {
      const path = copy('flipped.vigil')
      const index = await readArchiveIndex(path)
      const at = index.members.get(TABLE_MEMBERS.samples)!
      flipByte(path, at.offset + Math.floor(at.size / 2))
      const message = await refusal(path)
      expect(message).toContain('archive flipped.vigil cannot be opened')
      expect(message).toContain('checksum mismatch for data/samples.parquet')
    })

    it('a flipped byte in the config', async () => {
      const path = copy('config-flipped.vigil')
      const at = (await readArchiveIndex(path)).members.get('config/vigil.yaml')!
      flipByte(path, at.offset + 3)
      expect(await refusal(path)).toContain('checksum mismatch for config/vigil.yaml')
    })

    it('a truncated archive', async () => {
      const path = copy('truncated.vigil')
      truncateSync(path, Math.floor(statSync(path).size / 2))
      expect(await refusal(path)).toMatch(/truncated/)
    })

    it('a changed manifest, and a bad signature', async () => {
      const path = copy('manifest.vigil')
      const at = (await readArchiveIndex(path)).members.get('manifest.json')!
      const text = readFileBytes(path).subarray(at.offset, at.offset + at.size).toString('utf8')
      // Same length, so the tar stays sound: only the manifest's claim changes.
      const changed = text.replace(/"appVersion": "0\.0\.0-test"/, '"appVersion": "0.0.0-fake"')
      expect(changed).not.toBe(text)
      writeAt(path, at.offset, Buffer.from(changed))
      // Unsigned: the manifest is self-consistent, so only the content checks can catch this; it opens.
      // Signed: the signature no longer matches.
      const signedCopy = join(dir, 'signed-changed.vigil')
      writeFileSync(signedCopy, readFileBytes(signedPath))
      const sat = (await readArchiveIndex(signedCopy)).members.get('manifest.json')!
      const stext = readFileBytes(signedCopy).subarray(sat.offset, sat.offset + sat.size).toString('utf8')
      writeAt(signedCopy, sat.offset, Buffer.from(stext.replace(/"appVersion": "0\.0\.0-test"/, '"appVersion": "0.0.0-fake"')))
      expect(await refusal(signedCopy)).toContain('bad signature')
    })

    it('not an archive at all, and a missing file', async () => {
      const path = join(dir, 'notes.vigil')
      writeFileSync(path, 'just some text, not a tar file\n'.repeat(40))
      expect(await refusal(path)).toContain('archive notes.vigil cannot be opened')
      expect(await refusal(join(dir, 'absent.vigil'))).toContain('file not found')
    })
  })
})

function readFileBytes(path: string): Buffer {
  const size = statSync(path).size
  const buf = Buffer.alloc(size)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, buf, 0, size, 0)
  } finally {
    closeSync(fd)
  }
  return buf
}

function writeAt(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, bytes, 0, bytes.length, offset)
  } finally {
    closeSync(fd)
  }
}

function flipByte(path: string, offset: number): void {
  const b = Buffer.alloc(1)
  const fd = openSync(path, 'r+')
  try {
    readSync(fd, b, 0, 1, offset)
    b[0] ^= 0xff
    writeSync(fd, b, 0, 1, offset)
  } finally {
    closeSync(fd)
  }
}
