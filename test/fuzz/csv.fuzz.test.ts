// Fuzzing CSV import: random bytes through the chunk parser, and mutated CSV files through the
// whole csv source (file on disk, fake store). The parser never throws; a poll either works or
// fails with an Error naming the source; every sample is finite; bad rows are worded problems.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { csvSource } from '@shared/config/schema'
import { createCsvSource } from '../../src/main/sources/csv'
import { parseChunk } from '../../src/main/sources/csv/parse-chunk'
import { createFakeContext } from '../helpers/fake-context'
import { testDeps } from '../helpers/source-deps'
import { expectCleanError, fuzzParams, LEAK, mutated, TEST_TIMEOUT_MS } from './fuzz-settings'

const dir = mkdtempSync(join(tmpdir(), 'vigil-csv-fuzz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cell = fc.oneof(fc.constantFrom('1', '-2.5', '1e3', 'NaN', '', '"a,b"', '"x""y"', 'eu', '2024-01-01T00:00:00Z'), fc.string({ maxLength: 6 }))
const validCsv = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 2e12 }), cell, cell), { maxLength: 8 })
  .map((rows) => `timestamp,team,v\n${rows.map(([t, a, b]) => `${t},${a},${b}`).join('\n')}\n`)

describe('csv fuzzing', () => {
  it(
    'the chunk parser never throws on random bytes; it consumes whole lines only',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(',', ';', '\t'), fc.boolean(), (bytes, delimiter, atStart) => {
          const buf = Buffer.from(bytes)
          const r = parseChunk(buf, delimiter, atStart)
          expect(r.consumed).toBeLessThanOrEqual(buf.length)
          if (r.consumed > 0) expect(buf[r.consumed - 1]).toBe(0x0a)
          for (const p of r.problems) expect(p.message).not.toMatch(LEAK)
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'a poll over a random or mutated file works or fails with an Error naming the source',
    async () => {
      let n = 0
      const content = fc.oneof(mutated(validCsv).map((t) => Buffer.from(t, 'utf8')), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)))
      await fc.assert(
        fc.asyncProperty(content, async (bytes) => {
          const file = `f${n++}.csv`
          writeFileSync(join(dir, file), bytes)
          const cfg = csvSource.parse({ id: 'f', kind: 'csv', path: file, label_columns: ['team'] })
          const ctx = createFakeContext()
          try {
            await createCsvSource(cfg, testDeps(dir)).poll(ctx)
          } catch (err) {
            expectCleanError(err)
            expect((err as Error).message).toMatch(/^csv source "f": /)
          }
          for (const w of ctx.warnings) {
            expect(w).toMatch(/^csv source "f": /)
            expect(w).not.toMatch(LEAK)
          }
          expect(ctx.rejected).toEqual([])
          for (const s of ctx.samples) expect(Number.isFinite(s.value)).toBe(true)
        }),
        fuzzParams(100)
      )
    },
    TEST_TIMEOUT_MS
  )
})
