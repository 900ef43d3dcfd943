// Data minimisation end to end: personal identifiers pushed (as /api/write and /api/predictions
// hand them to the engine) and read by polled CSV and predictions sources never reach the DuckDB file,
// its WAL or an exported archive; the hashed form is what queries show. A control run without
// `privacy:` proves the scans find the canaries when they are stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { SeriesInfo } from '@shared/types'
import { startEngine } from '../../src/main/engine/start-engine'
import { parseLineProtocol } from '../../src/main/ingest/line-protocol'
import { archiveText, bytesContaining, databaseText } from './scan-store'
import { until } from '../helpers/until'

const EMAIL = 'canary.person.7f3q@example.com'
const UID = 'CANARY-UID-91x7'
const CSV_EMAIL = 'csv.canary.k2@example.org'
const REC_ID = 'CANARY-REC-5512'
const PRED_EMAIL = 'pred.canary.z9@example.net'
const CANARIES = [EMAIL, UID, CSV_EMAIL, REC_ID, PRED_EMAIL]
const KEY = 'privacy-test-key-0123456789abcdef'
const KEY_ENV = 'VIGIL_SECRET_VIGIL_HASH'
const T = Date.UTC(2026, 0, 5, 12)
const HOUR = 3_600_000

const PRIVACY = `privacy:
  hash_key: \${secret:vigil-hash}
  drop_labels: [user_email]
  hash_labels: [user_id]
  sources:
    preds: { hash_record_ids: true }
    push: { hash_record_ids: true }
`


interface Outcome {
  series: SeriesInfo[]
  dbText: string
  dbBytes: string[]
  archive: string
}

/** Feeds the canaries through every ingest path, exports an archive, stops; then reads what was stored. */
async function scenario(dir: string, privacy: string): Promise<Outcome> {
  writeFileSync(join(dir, 'logins.csv'), `timestamp,logins,user_email,user_id\n${new Date(T).toISOString()},3,${CSV_EMAIL},${UID}\n`)
  writeFileSync(join(dir, 'preds.csv'), `timestamp,model,id,prediction,score,f_user_email,f_tenure\n${new Date(T).toISOString()},churn_csv,${REC_ID},1,0.9,${PRED_EMAIL},14\n`)
  const configPath = join(dir, 'vigil.yaml')
  writeFileSync(
    configPath,
    'storage: { flush_interval: 20ms }\nsources:\n' +
      '  - { id: push, kind: push }\n' +
      '  - { id: files, kind: csv, path: logins.csv, interval: 100ms, columns: [logins], label_columns: [user_email, user_id] }\n' +
      '  - { id: preds, kind: predictions, format: csv, path: preds.csv, interval: 100ms, categorical: [user_email] }\n' +
      privacy
  )
  const engine = await startEngine({ dataDir: dir, configPath, version: '0.0.0-test', log: () => undefined })
  let stopped = false
  try {
    // What POST /api/write and POST /api/predictions hand the engine after parsing.
    const { samples } = parseLineProtocol(`web_logins,user_email=${EMAIL},user_id=${UID},site=eu value=1 ${T}\n`, 'ms', T)
    expect(await engine.push(samples)).toEqual({ accepted: 1, rejected: [] })
    const pushed = await engine.pushPredictions!([{ ts: T, model: 'churn_push', id: REC_ID, prediction: 1, score: 0.8, label: null, latencyMs: null, features: { user_email: PRED_EMAIL, tenure: 3 } }])
    expect(pushed).toMatchObject({ accepted: 1, rejected: [] })
    // A late label by the raw id still finds the record whose id was hashed, and unmatched ids come back as sent.
    const late = await engine.pushPredictions!([], [{ model: 'churn_push', id: REC_ID, label: 1 }, { model: 'churn_push', id: 'no-such-record', label: 0 }])
    expect(late).toMatchObject({ labelled: 1, unmatched: [{ model: 'churn_push', id: 'no-such-record', label: 0 }] })
    await until('the CSV source', async () => (await engine.api.latest({ series: 'logins' })).length > 0)
    await until('the predictions source', async () => (await engine.api.latest({ series: 'model_predictions_total', labels: { model: 'churn_csv' } })).length > 0)
    const series = await engine.api.listSeries({})
    const out = join(dir, 'export.vigil')
    await engine.exportArchiveTo(out, { from: T - HOUR, to: T + HOUR })
    await engine.stop()
    stopped = true
    const file = join(dir, 'vigil.duckdb')
    return { series, dbText: await databaseText(file), dbBytes: bytesContaining(file, CANARIES), archive: await archiveText(out, dir) }
  } finally {
    if (!stopped) await engine.stop()
  }
}

describe('data minimisation at ingest', () => {
  const dirs: string[] = []
  const saved = process.env[KEY_ENV]
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    if (saved === undefined) delete process.env[KEY_ENV]
    else process.env[KEY_ENV] = saved
  })
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'vigil-privacy-'))
    dirs.push(d)
    return d
  }

  it('stores, shows and archives only the minimised form; the raw identifiers are nowhere in the file, its WAL or the archive', async () => {
    process.env[KEY_ENV] = KEY
    const got = await scenario(tempDir(), PRIVACY)
    const hashed = createHmac('sha256', KEY).update(UID).digest('hex').slice(0, 12)
    expect(got.series.find((s) => s.name === 'web_logins')?.labels).toEqual({ user_id: hashed, site: 'eu' })
    expect(got.series.find((s) => s.name === 'logins')?.labels).toEqual({ user_id: hashed })
    for (const canary of CANARIES) {
      expect(got.dbText, `database rows contain ${canary}`).not.toContain(canary)
      expect(got.archive, `archive contains ${canary}`).not.toContain(canary)
    }
    expect(got.dbBytes).toEqual([])
    // The minimised forms are there: hashed ids, the kept feature, the late label applied.
    expect(got.dbText).toContain(hashed)
    expect(got.archive).toContain(hashed)
    expect(got.dbText).toContain(createHmac('sha256', KEY).update(REC_ID).digest('hex').slice(0, 32))
    expect(got.dbText).toMatch(/"features":"\{\\"tenure\\":3\}"/)
  }, 60_000)

  it('control: without privacy rules the same scans find every canary (so the checks above can fail)', async () => {
    const got = await scenario(tempDir(), '')
    for (const canary of CANARIES) {
      expect(got.dbText, `database rows lack ${canary}`).toContain(canary)
      expect(got.archive, `archive lacks ${canary}`).toContain(canary)
    }
  }, 60_000)

  it('refuses data of sources that hash when the key secret is missing, and stores nothing raw', async () => {
    delete process.env[KEY_ENV]
    const dir = tempDir()
    const configPath = join(dir, 'vigil.yaml')
    writeFileSync(configPath, 'storage: { flush_interval: 20ms }\nsources:\n  - { id: push, kind: push }\n  - { id: preds, kind: push }\n' + PRIVACY)
    const logs: string[] = []
    const engine = await startEngine({ dataDir: dir, configPath, version: '0.0.0-test', log: (m) => logs.push(m) })
    try {
      expect(logs.join('\n')).toContain('privacy.hash_key: secret "vigil-hash" is not set')
      await expect(engine.push([{ name: 'web_logins', labels: { user_id: UID }, ts: T, value: 1 }])).rejects.toThrow(/its data is refused rather than stored unhashed/)
      const health = (await engine.api.getHealth({})).sources.find((s) => s.id === 'push')
      expect(health?.lastError).toMatch(/secret "vigil-hash" is not set/)
      expect(await engine.api.listSeries({})).toEqual([])
    } finally {
      await engine.stop()
    }
    expect(bytesContaining(join(dir, 'vigil.duckdb'), [UID])).toEqual([])
  }, 60_000)
})
