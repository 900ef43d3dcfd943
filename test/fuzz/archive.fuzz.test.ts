// Fuzzing the archive reader: mutated bytes of a real small .vigil archive (flipped bytes in
// headers and data, truncation, appended garbage) and random manifest.json text. Reading the
// index fails only with a clear Error; verification never throws and reports problems in words.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readArchiveIndex } from '../../src/main/archive/archive-reader'
import { exportArchive } from '../../src/main/archive/export-archive'
import { parseManifest } from '../../src/main/archive/manifest'
import { exportOptions, populatedStore } from '../../src/main/archive/test-support'
import { verifyArchive } from '../../src/main/archive/verify-archive'
import { tempDir } from '../../src/main/store/test-support'
import { expectCleanError, fuzzParams, LEAK, mutated, TEST_TIMEOUT_MS } from './fuzz-settings'

const tmp = tempDir('archive-fuzz')
let original: Buffer
let manifestText: string

beforeAll(async () => {
  const store = await populatedStore(join(tmp.dir, 'data'))
  try {
    const out = await exportArchive(exportOptions(store, join(tmp.dir, 'real.vigil')))
    original = readFileSync(out.path)
  } finally {
    await store.close()
  }
  const size = parseInt(original.subarray(124, 135).toString('latin1'), 8)
  manifestText = original.subarray(512, 512 + size).toString('utf8')
}, 60_000)
afterAll(() => tmp.cleanup())

/** Byte edits: set bytes (mostly in the first blocks, where headers and the manifest are), truncate, append. */
const edits = fc.record({
  sets: fc.array(fc.tuple(fc.oneof(fc.nat({ max: 4096 }), fc.nat()), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
  truncateTo: fc.option(fc.nat(), { nil: undefined }),
  append: fc.uint8Array({ maxLength: 1100 })
})

describe('archive fuzzing', () => {
  it(
    'mutated archive bytes: the index is read or refused with one clear Error; verify never throws',
    async () => {
      let n = 0
      await fc.assert(
        fc.asyncProperty(edits, async (e) => {
          let bytes = Buffer.from(original)
          for (const [at, v] of e.sets) bytes[at % bytes.length] = v
          if (e.truncateTo !== undefined) bytes = bytes.subarray(0, e.truncateTo % (bytes.length + 1))
          bytes = Buffer.concat([bytes, Buffer.from(e.append)])
          const file = join(tmp.dir, `m${n++}.vigil`)
          writeFileSync(file, bytes)
          try {
            await readArchiveIndex(file)
          } catch (err) {
            expectCleanError(err)
            expect((err as Error).message).toContain(file)
          }
          const v = await verifyArchive(file)
          expect(v.ok).toBe(v.problems.length === 0)
          for (const p of v.problems) {
            expect(p.length).toBeGreaterThan(0)
            expect(p).not.toMatch(LEAK)
          }
        }),
        fuzzParams(100)
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'random and mutated manifest.json text: parsed or one worded problem, never a throw',
    () => {
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mutated(fc.constant(manifestText)), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)))
      fc.assert(
        fc.property(text, (t) => {
          const r = parseManifest(t)
          if (!r.ok) {
            expect(r.problem.length).toBeGreaterThan(0)
            expect(r.problem).not.toMatch(LEAK)
          }
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it('the unmutated archive reads and verifies (the seed is valid)', async () => {
    const file = join(tmp.dir, 'copy.vigil')
    writeFileSync(file, original)
    expect((await readArchiveIndex(file)).manifest.format).toBeTruthy()
    expect((await verifyArchive(file)).problems).toEqual([])
  })
})
