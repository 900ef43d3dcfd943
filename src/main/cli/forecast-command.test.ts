import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CliError } from './cli-error'
import { runForecastCommand } from './forecast-command'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-forecast-'))
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
})
afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

const seasonal = (n: number, offset: number): string[] => Array.from({ length: n }, (_, t) => String(offset + 10 * Math.sin((2 * Math.PI * t) / 6) + t * 0.1))

describe('vigil forecast', () => {
  it('reads a wide CSV (header, ragged rows, trailing empties, NA) and writes id,F1..FH in input order', async () => {
    const train = join(dir, 'train.csv')
    const out = join(dir, 'out.csv')
    writeFileSync(
      train,
      [
        '"V1","V2","V3","V4"',
        ['"S2"', ...seasonal(40, 100)].join(','),
        ['"S1"', ...seasonal(25, 50), '', '', ''].join(','),
        ['S3', '1', '2', 'NA', '4', '5'].join(',')
      ].join('\n') + '\n'
    )
    expect(await runForecastCommand(['--train', train, '--horizon', '6', '--season', '6', '--out', out])).toBe(0)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('id,F1,F2,F3,F4,F5,F6')
    expect(lines.map((l) => l.split(',')[0])).toEqual(['id', 'S2', 'S1', 'S3'])
    for (const l of lines.slice(1)) {
      const cells = l.split(',')
      expect(cells).toHaveLength(7)
      expect(cells.slice(1).every((c) => Number.isFinite(Number(c)))).toBe(true)
    }
    // The seasonal series continues its cycle: F1..F6 follow the pattern around level 100+.
    const s2 = lines[1].split(',').slice(1).map(Number)
    expect(Math.max(...s2) - Math.min(...s2)).toBeGreaterThan(12)
    expect(vi.mocked(process.stderr.write).mock.calls.map((c) => String(c[0])).join('')).toMatch(/forecast: 3 series, h=6, season 6, model auto: [\d.]+ s/)
  })

  it('accepts a file without header and several periods', async () => {
    const train = join(dir, 'plain.csv')
    const out = join(dir, 'plain-out.csv')
    writeFileSync(train, ['a', ...seasonal(60, 10)].join(',') + '\n')
    await runForecastCommand(['--train', train, '--horizon', '2', '--season', '6,12', '--model', 'mstl', '--out', out])
    expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^a,[-\d.e]+,[-\d.e]+$/)
  })

  it('reports bad cells, duplicate ids and bad flags with file, line and column', async () => {
    const train = join(dir, 'bad.csv')
    const out = join(dir, 'o.csv')
    const run = (args: string[]): Promise<number> => runForecastCommand(['--train', train, '--out', out, ...args])
    writeFileSync(train, 'id,v1,v2,v3,v4\nA,1,2,3,4\nB,1,2,x,4\n')
    await expect(run(['--horizon', '2', '--season', '1'])).rejects.toThrow(`${train} line 3 column 4: "x" is not a number (series "B")`)
    writeFileSync(train, 'A,1,2,3,4\nB,1,2\nA,5,6\n')
    await expect(run(['--horizon', '2', '--season', '1'])).rejects.toThrow(`${train} line 3: duplicate series id "A" (first at line 1)`)
    writeFileSync(train, 'A,1,2,3\nB,,,\n')
    await expect(run(['--horizon', '2', '--season', '1'])).rejects.toThrow(`${train} line 2: series "B" has no values`)
    writeFileSync(train, 'A,1,2,3\nB,NA,NaN,,4\n')
    await expect(run(['--horizon', '2', '--season', '1'])).resolves.toBe(0)
    writeFileSync(train, 'A,NA,NaN,,\nB,1\n')
    // A row of only missing cells after trimming has no values.
    await expect(run(['--horizon', '2', '--season', '1'])).rejects.toThrow('line 1: series "A" has no values')
    await expect(runForecastCommand(['--train', train, '--horizon', '2', '--out', out])).rejects.toThrow('missing --season')
    await expect(run(['--horizon', '0', '--season', '1'])).rejects.toThrow('--horizon: expected an integer from 1 to 10000, got "0"')
    await expect(run(['--horizon', '3', '--season', '24,x'])).rejects.toThrow('--season: expected integers ≥ 1')
    await expect(run(['--horizon', '3', '--season', '24', '--model', 'prophet'])).rejects.toThrow('--model: expected one of auto, naive, snaive, ets, theta, mstl, got "prophet"')
    await expect(run(['--horizon', '3', '--season', '24', '--bogus'])).rejects.toBeInstanceOf(CliError)
    await expect(runForecastCommand(['--train', join(dir, 'nope.csv'), '--horizon', '3', '--season', '24', '--out', out])).rejects.toThrow('cannot read')
  })
})
