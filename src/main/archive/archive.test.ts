// Export → verify round trips on real DuckDB files and real tar files, and every tamper the issue
// names: each refused with a message naming what is wrong.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countParquetRows } from '../store/archive-export'
import type { DuckDBStore } from '../store/duckdb-store'
import { tempDir } from '../store/test-support'
import { extractMember, readArchiveIndex } from './archive-reader'
import { exportArchive, type ExportResult } from './export-archive'
import { ARCHIVE_FORMAT_VERSION, MANIFEST_MEMBER, TABLE_MEMBERS } from './format'
import { secretValues } from './secret-guard'
import { fileSigningKey, SIGNING_KEY_FILE } from './signing'
import { BLOCK, encodeHeader, padding } from './tar'
import { scanTar } from './tar-reader'
import { CONFIG_TEXT, exportOptions, HOUR, populatedStore, T0 } from './test-support'
import { verifyArchive } from './verify-archive'

let tmp: ReturnType<typeof tempDir>
let store: DuckDBStore
let unsigned: ExportResult
let signed: ExportResult

beforeAll(async () => {
  tmp = tempDir('archive')
  store = await populatedStore(join(tmp.dir, 'data'))
  unsigned = await exportArchive(exportOptions(store, join(tmp.dir, 'day0.vigil')))
  signed = await exportArchive({ ...exportOptions(store, join(tmp.dir, 'signed.vigil')), sign: fileSigningKey(join(tmp.dir, 'data')) })
}, 60_000)

afterAll(async () => {
  await store?.close()
  tmp?.cleanup()
})

/** A copy of an archive to tamper with. */
function copyOf(src: string, name: string): string {
  const dest = join(tmp.dir, name)
  writeFileSync(dest, readFileSync(src))
  return dest
}

describe('export then verify', () => {
  it('writes a tar with the manifest first and every member listed, and verifies clean', async () => {
    const result = await verifyArchive(unsigned.path)
    expect(result.problems).toEqual([])
    expect(result).toMatchObject({ ok: true, signed: false, keyFingerprint: null, bytes: statSync(unsigned.path).size })
    const scan = await scanTar(unsigned.path)
    expect(scan.entries.map((e) => e.name)).toEqual([MANIFEST_MEMBER, ...unsigned.manifest.members.map((m) => m.path)])
    expect(unsigned.manifest.members.map((m) => m.path)).toEqual([
      ...Object.values(TABLE_MEMBERS),
      'data/kpi_values.parquet',
      'config/vigil.yaml',
      'config/views.json',
      'config/kpis.json'
    ])
    expect(unsigned.manifest).toMatchObject({ formatVersion: ARCHIVE_FORMAT_VERSION, appVersion: 'test', range: { from: T0, to: T0 + 24 * HOUR }, seriesFilter: null, sources: [{ id: 'api', kind: 'http-json' }] })
    // No .tmp or work folder left behind.
    expect(existsSync(`${unsigned.path}.tmp`)).toBe(false)
  })

  it('GNU tar lists the same members (the container is plain ustar)', (ctx) => {
    let listing: string
    try {
      listing = execFileSync('tar', ['-tf', unsigned.path], { encoding: 'utf8' })
    } catch (err) {
      if (process.env.CI) throw err
      ctx.skip()
      return
    }
    expect(listing.trim().split('\n')).toEqual([MANIFEST_MEMBER, ...unsigned.manifest.members.map((m) => m.path)])
  })

  it('holds the day asked for: rows per table, read back by DuckDB alone from the extracted Parquet', async () => {
    const rows = Object.fromEntries(unsigned.manifest.members.map((m) => [m.path, m.rows]))
    expect(rows).toMatchObject({
      'data/series.parquet': 3,
      'data/samples.parquet': 3 * 24 * 60,
      'data/rollup_1m.parquet': 0, // raw samples cover the day (no retention yet)
      'data/rollup_1h.parquet': 3 * 24,
      'data/annotations.parquet': 1,
      'data/alert_history.parquet': 2, // fired + noise entry of day 0
      'data/notifications.parquet': 1,
      'data/alert_noise.parquet': 1,
      'data/predictions.parquet': 1
    })
    expect(rows['data/kpi_values.parquet']).toBeGreaterThan(0)
    const index = await readArchiveIndex(unsigned.path)
    for (const m of unsigned.manifest.members.filter((x) => x.path.endsWith('.parquet'))) {
      const dest = join(tmp.dir, 'extract', m.path.replace('/', '_'))
      mkdirSync(join(tmp.dir, 'extract'), { recursive: true })
      await extractMember(unsigned.path, m.path, dest, index)
      expect(statSync(dest).size).toBe(m.bytes)
      expect(await countParquetRows(dest)).toBe(m.rows)
    }
    expect(index.members.get(MANIFEST_MEMBER)?.offset).toBe(BLOCK)
  })

  it('keeps only matching series with --series', async () => {
    const r = await exportArchive({ ...exportOptions(store, join(tmp.dir, 'cpu.vigil')), seriesGlob: 'cp?' })
    const rows = Object.fromEntries(r.manifest.members.map((m) => [m.path, m.rows]))
    expect(r.manifest.seriesFilter).toBe('cp?')
    expect(rows['data/series.parquet']).toBe(2)
    expect(rows['data/samples.parquet']).toBe(2 * 24 * 60)
    expect((await verifyArchive(r.path)).ok).toBe(true)
  })

  it('signs with a key kept 0600 in the data dir; verify names its fingerprint', async () => {
    const keyFile = join(tmp.dir, 'data', SIGNING_KEY_FILE)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const result = await verifyArchive(signed.path)
    expect(result.problems).toEqual([])
    expect(result.signed).toBe(true)
    expect(result.keyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/)
  })
})

describe('tampering is refused with the right message', () => {
  it('a flipped byte in each member: checksum mismatch for that member', async () => {
    const scan = await scanTar(unsigned.path)
    for (const entry of scan.entries.slice(1)) {
      const file = copyOf(unsigned.path, 'flip.vigil')
      const bytes = readFileSync(file)
      bytes[entry.offset + Math.floor(entry.size / 2)] ^= 0x01
      writeFileSync(file, bytes)
      const result = await verifyArchive(file)
      expect(result.ok).toBe(false)
      expect(result.problems).toEqual([`checksum mismatch for ${entry.name}`])
    }
  })

  it('a flipped byte in the manifest: the manifest no longer checks out', async () => {
    const file = copyOf(unsigned.path, 'flip-manifest.vigil')
    const bytes = readFileSync(file)
    const at = bytes.indexOf('"sha256": "', BLOCK) + 11
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30
    writeFileSync(file, bytes)
    const result = await verifyArchive(file)
    expect(result.ok).toBe(false)
    expect(result.problems).toEqual([`checksum mismatch for ${unsigned.manifest.members[0].path}`])
  })

  it('truncation names the byte and the member cut short', async () => {
    const samples = (await scanTar(unsigned.path)).entries.find((e) => e.name === 'data/samples.parquet')!
    const file = copyOf(unsigned.path, 'trunc.vigil')
    const cut = samples.offset + 100
    truncateSync(file, cut)
    const result = await verifyArchive(file)
    expect(result.ok).toBe(false)
    expect(result.problems).toContain(`archive truncated at byte ${cut} (member data/samples.parquet)`)
    expect(result.problems).toContain('missing member data/rollup_1m.parquet')
    // Cut at the end-of-archive marker: every member is there, the marker is not.
    const end = copyOf(unsigned.path, 'trunc-end.vigil')
    truncateSync(end, unsigned.bytes - 2 * BLOCK)
    expect((await verifyArchive(end)).problems).toEqual([`archive truncated at byte ${unsigned.bytes - 2 * BLOCK} (after member config/kpis.json; no end-of-archive marker)`])
    // A file shorter than one header.
    const tiny = copyOf(unsigned.path, 'tiny.vigil')
    truncateSync(tiny, 100)
    expect((await verifyArchive(tiny)).problems).toEqual(['missing member manifest.json (the archive is empty)', 'archive truncated at byte 100 (no end-of-archive marker)'])
  })

  it('a deleted member, and an added one', async () => {
    const scan = await scanTar(unsigned.path)
    const bytes = readFileSync(unsigned.path)
    const series = scan.entries.find((e) => e.name === 'data/series.parquet')!
    const end = series.offset + series.size + padding(series.size)
    const without = join(tmp.dir, 'deleted.vigil')
    writeFileSync(without, Buffer.concat([bytes.subarray(0, series.headerOffset), bytes.subarray(end)]))
    expect((await verifyArchive(without)).problems).toEqual(['missing member data/series.parquet'])

    const extra = Buffer.from('hello\n')
    const added = join(tmp.dir, 'added.vigil')
    const tail = bytes.length - 2 * BLOCK
    writeFileSync(added, Buffer.concat([bytes.subarray(0, tail), encodeHeader({ name: 'notes.txt', size: extra.length, mtime: 0 }), extra, Buffer.alloc(padding(extra.length)), Buffer.alloc(2 * BLOCK)]))
    expect((await verifyArchive(added)).problems).toEqual(['unlisted member notes.txt (not in manifest.json)'])
  })

  it('a changed manifest on a signed archive: bad signature', async () => {
    const file = copyOf(signed.path, 'resigned.vigil')
    const bytes = readFileSync(file)
    const text = bytes.toString('latin1')
    // Same length, so the tar stays sound: move the range start by a millisecond.
    const from = `"from": ${T0}`
    const at = text.indexOf(from)
    expect(at).toBeGreaterThan(0)
    bytes.write(`"from": ${T0 + 1}`, at, 'latin1')
    writeFileSync(file, bytes)
    const result = await verifyArchive(file)
    expect(result.ok).toBe(false)
    expect(result.signed).toBe(false)
    expect(result.problems).toEqual([expect.stringMatching(/^bad signature \(manifest\.json was altered after signing/)])
  })

  it('a signature by another key over another manifest: bad signature', async () => {
    const other = await exportArchive({ ...exportOptions(store, join(tmp.dir, 'other.vigil')), from: T0 + HOUR, sign: fileSigningKey(join(tmp.dir, 'other-key')) })
    const otherSig = other.manifest.signature!
    const file = copyOf(signed.path, 'swapped.vigil')
    const bytes = readFileSync(file)
    const sig = signed.manifest.signature!
    // Same-length base64 strings: swap in the other archive's key and signature.
    bytes.write(otherSig.signature, bytes.indexOf(sig.signature), 'latin1')
    bytes.write(otherSig.publicKey, bytes.indexOf(sig.publicKey), 'latin1')
    writeFileSync(file, bytes)
    expect((await verifyArchive(file)).problems).toEqual([expect.stringMatching(/^bad signature/)])
  })

  it('an unsupported format version, a manifest that is not first, not a tar at all', async () => {
    const file = copyOf(unsigned.path, 'v7.vigil')
    const bytes = readFileSync(file)
    const text = bytes.toString('latin1')
    bytes.write('"formatVersion": 7', text.indexOf(`"formatVersion": ${ARCHIVE_FORMAT_VERSION}`), 'latin1')
    writeFileSync(file, bytes)
    expect((await verifyArchive(file)).problems).toEqual([`unsupported format version 7 (this Vigil reads ${ARCHIVE_FORMAT_VERSION})`])
    await expect(readArchiveIndex(file)).rejects.toThrow(/unsupported format version 7/)

    const scan = await scanTar(unsigned.path)
    const orig = readFileSync(unsigned.path)
    const second = scan.entries[1]
    const split = second.offset + second.size + padding(second.size)
    const swapped = join(tmp.dir, 'order.vigil')
    writeFileSync(swapped, Buffer.concat([orig.subarray(second.headerOffset, split), orig.subarray(0, second.headerOffset), orig.subarray(split)]))
    expect((await verifyArchive(swapped)).problems[0]).toBe(`manifest.json must be the first member (found ${second.name} first)`)

    const junk = join(tmp.dir, 'junk.vigil')
    writeFileSync(junk, Buffer.alloc(4096, 0x41))
    expect((await verifyArchive(junk)).problems).toEqual(['missing member manifest.json (the archive is empty)', 'corrupt tar header at byte 0: header checksum field is not a number'])
    expect((await verifyArchive(join(tmp.dir, 'nope.vigil'))).problems).toEqual([`cannot read ${join(tmp.dir, 'nope.vigil')}: file not found`])
  })

  it('extractMember refuses a member whose bytes do not match the manifest', async () => {
    const file = copyOf(unsigned.path, 'flip-extract.vigil')
    const entry = (await scanTar(file)).entries.find((e) => e.name === 'data/samples.parquet')!
    const bytes = readFileSync(file)
    bytes[entry.offset + 10] ^= 0xff
    writeFileSync(file, bytes)
    const dest = join(tmp.dir, 'x.parquet')
    await expect(extractMember(file, 'data/samples.parquet', dest)).rejects.toThrow(`checksum mismatch for data/samples.parquet in ${file}`)
    expect(existsSync(dest)).toBe(false)
  })
})

describe('secrets never enter an archive', () => {
  it('exports the ${secret:NAME} reference, never the value', async () => {
    const value = 'sk-live-0123456789abcdef'
    const secrets = secretValues(CONFIG_TEXT, () => undefined, { VIGIL_SECRET_API_TOKEN: value })
    expect(secrets).toEqual([value])
    const r = await exportArchive({ ...exportOptions(store, join(tmp.dir, 'secret.vigil')), secrets })
    const bytes = readFileSync(r.path)
    expect(bytes.includes(Buffer.from('${secret:api_token}'))).toBe(true)
    expect(bytes.includes(Buffer.from(value))).toBe(false)
  })

  it('refuses to export when a secret value was pasted into the config, naming the member, not the value', async () => {
    const value = 'sk-live-0123456789abcdef'
    const leaky = CONFIG_TEXT.replace('${secret:api_token}', value)
    const out = join(tmp.dir, 'leak.vigil')
    const err = await exportArchive({ ...exportOptions(store, out), configText: leaky, secrets: [value] }).catch((e: Error) => e)
    expect(String(err)).toMatch(/archive export refused: config\/vigil\.yaml contains the value of a secret/)
    expect(String(err)).not.toContain(value)
    expect(existsSync(out)).toBe(false)
  })

  it('refuses when a secret value sits in a stored row (table and column named)', async () => {
    const out = join(tmp.dir, 'leak-row.vigil')
    const err = await exportArchive({ ...exportOptions(store, out), secrets: ['deploy 0'] }).catch((e: Error) => e)
    expect(String(err)).toMatch(/a secret value occurs in table annotations, column title/)
    expect(existsSync(out)).toBe(false)
    expect(existsSync(`${out}.tmp`)).toBe(false)
  })
})
