// Fuzzing the line-protocol parser (POST /api/write): random and mutated bodies never throw,
// every error has a line number and a message, every sample is finite; and valid bodies
// round-trip (serialise → parse gives the same samples).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLineProtocol, PRECISIONS } from '../../src/main/ingest/line-protocol'
import { fuzzParams, LEAK, mutated, TEST_TIMEOUT_MS } from './fuzz-settings'

const NOW = Date.UTC(2025, 0, 1)

interface Point {
  measurement: string
  tags: Array<[string, string]>
  fields: Array<[string, { kind: 'float'; v: number } | { kind: 'int'; v: number } | { kind: 'bool'; v: boolean }]>
  ts: number | null
}

const nameChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789:.'.split(''))
const ident = fc.tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'.split('')), fc.string({ unit: nameChars, maxLength: 10 })).map(([a, b]) => a + b)
// Tag values: any text without backslash, newline or CR (spaces, commas and "=" are escaped).
const tagValue = fc.string({ unit: fc.constantFrom(...'abcXYZ019 ,=-_./:é€😀"\''.split('')), minLength: 1, maxLength: 12 }).filter((s) => !/[\\\r\n]/.test(s))

const point: fc.Arbitrary<Point> = fc.record({
  measurement: ident,
  tags: fc.uniqueArray(fc.tuple(ident, tagValue), { selector: ([k]) => k, maxLength: 4 }),
  fields: fc.uniqueArray(
    fc.tuple(
      ident,
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ kind: 'float' as const, v })),
        fc.integer().map((v) => ({ kind: 'int' as const, v })),
        fc.boolean().map((v) => ({ kind: 'bool' as const, v }))
      )
    ),
    { selector: ([k]) => k, minLength: 1, maxLength: 4 }
  ),
  ts: fc.option(fc.integer({ min: 0, max: Date.UTC(2199, 0, 1) }), { nil: null })
})

const esc = (s: string, chars: RegExp) => s.replace(chars, (c) => `\\${c}`)

function serialise(p: Point): string {
  const tags = p.tags.map(([k, v]) => `,${esc(k, /[, =]/g)}=${esc(v, /[, =]/g)}`).join('')
  const fields = p.fields
    .map(([k, f]) => `${esc(k, /[, =]/g)}=${f.kind === 'float' ? String(f.v) : f.kind === 'int' ? `${f.v}i` : f.v ? 't' : 'false'}`)
    .join(',')
  return `${esc(p.measurement, /[, ]/g)}${tags} ${fields}${p.ts === null ? '' : ` ${p.ts}`}`
}

function checkResult(body: string, r: ReturnType<typeof parseLineProtocol>): void {
  const lines = body.split('\n').length
  expect(r.errorCount).toBeGreaterThanOrEqual(r.errors.length)
  expect(r.sampleLines.length).toBe(r.samples.length)
  for (const e of r.errors) {
    expect(e.line).toBeGreaterThanOrEqual(1)
    expect(e.line).toBeLessThanOrEqual(lines)
    expect(e.message.length).toBeGreaterThan(0)
    expect(e.message).not.toMatch(LEAK)
  }
  for (const s of r.samples) {
    expect(Number.isFinite(s.value)).toBe(true)
    expect(Number.isFinite(s.ts)).toBe(true)
    expect(typeof s.name).toBe('string')
  }
}

describe('line protocol fuzzing', () => {
  it(
    'random text never throws; errors are numbered and worded',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...PRECISIONS), (body, precision) => {
          checkResult(body, parseLineProtocol(body, precision, NOW))
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'mutated valid bodies never throw; errors are numbered and worded',
    () => {
      const body = fc.array(point, { minLength: 1, maxLength: 5 }).map((ps) => ps.map(serialise).join('\n'))
      fc.assert(
        fc.property(mutated(body), fc.constantFrom(...PRECISIONS), (text, precision) => {
          checkResult(text, parseLineProtocol(text, precision, NOW))
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )

  it(
    'valid points round-trip: serialise → parse gives the same samples',
    () => {
      fc.assert(
        fc.property(fc.array(point, { minLength: 1, maxLength: 5 }), (points) => {
          const body = points.map(serialise).join('\n')
          const r = parseLineProtocol(body, 'ms', NOW)
          expect(r.errors).toEqual([])
          const expected = points.flatMap((p) =>
            p.fields.map(([k, f]) => ({
              name: k === 'value' ? p.measurement : `${p.measurement}_${k}`,
              labels: Object.fromEntries(p.tags),
              ts: p.ts ?? NOW,
              value: f.kind === 'bool' ? (f.v ? 1 : 0) : f.v
            }))
          )
          expect(r.samples.length).toBe(expected.length)
          r.samples.forEach((s, i) => {
            expect({ ...s, value: 0 }).toEqual({ ...expected[i], value: 0 })
            // -0 and 0 are the same sample value.
            expect(s.value === expected[i].value).toBe(true)
          })
        }),
        fuzzParams()
      )
    },
    TEST_TIMEOUT_MS
  )
})
