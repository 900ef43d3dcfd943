import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CliError } from './cli-error'
import { parseTimestamp, runDetectCommand } from './detect-command'

function series(n: number, start: number, spikeAt: number): string {
  const lines = ['timestamp,value']
  for (let i = 0; i < n; i++) {
    const d = new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19)
    const v = i === spikeAt ? 500 : 50 + 5 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13
    lines.push(`${d},${v}`)
  }
  return lines.join('\n') + '\n'
}

describe('vigil detect', () => {
  let dir: string
  let stderr: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'))
    stderr = ''
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk)
      return true
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
    rmSync(dir, { recursive: true, force: true })
  })

  it('mirrors relative paths, writes timestamp,value,anomaly_score and reports a bad file while scoring the others', async () => {
    const data = join(dir, 'data')
    mkdirSync(join(data, 'cat', 'sub'), { recursive: true })
    writeFileSync(join(data, 'top.csv'), series(1200, Date.UTC(2014, 3, 1), 1000))
    writeFileSync(join(data, 'cat', 'sub', 'deep.csv'), series(400, Date.UTC(2014, 3, 1), -1))
    writeFileSync(join(data, 'cat', 'bad.csv'), 'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,abc\n')
    const out = join(dir, 'results')
    const code = await runDetectCommand([data, '--out', out])
    expect(code).toBe(1)
    expect(stderr).toContain('cat/bad.csv line 3: value "abc" is not a finite number')
    expect(stderr).toMatch(/3 files \(1 failed\), 1600 rows, [\d.]+ µs per sample/)
    expect(existsSync(join(out, 'cat', 'bad.csv'))).toBe(false)
    const top = readFileSync(join(out, 'top.csv'), 'utf8').trim().split('\n')
    expect(top[0]).toBe('timestamp,value,anomaly_score')
    expect(top).toHaveLength(1201)
    expect(top[1]).toMatch(/^2014-04-01 00:00:00,\d/)
    const scores = top.slice(1).map((l) => Number(l.split(',')[2]))
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true)
    expect(scores[1000]).toBe(Math.max(...scores))
    expect(scores[1000]).toBeGreaterThan(0.9)
    const deep = readFileSync(join(out, 'cat', 'sub', 'deep.csv'), 'utf8').trim().split('\n')
    expect(deep).toHaveLength(401)
  })

  it('exits 0 when every file is good, and names the line of a bad timestamp', async () => {
    const data = join(dir, 'data')
    mkdirSync(data)
    writeFileSync(join(data, 'ok.csv'), 'timestamp,value\n1396310400,1\n1396310700,2\n')
    expect(await runDetectCommand([data, '--out', join(dir, 'out')])).toBe(0)
    writeFileSync(join(data, 'when.csv'), 'timestamp,value\n2014-04-01 00:00:00,1\nyesterday,2\n')
    expect(await runDetectCommand([data, '--out', join(dir, 'out')])).toBe(1)
    expect(stderr).toContain('when.csv line 3: timestamp "yesterday" is not a date')
  })

  it('scores rows whose clock steps back in row order, with a warning', async () => {
    const data = join(dir, 'data')
    mkdirSync(data)
    writeFileSync(join(data, 'dst.csv'), 'timestamp,value\n2014-04-01 02:55:00,1\n2014-04-01 02:00:00,2\n')
    expect(await runDetectCommand([data, '--out', join(dir, 'out')])).toBe(0)
    expect(stderr).toContain('dst.csv line 3: timestamp 2014-04-01 02:00:00 is older than the row before')
  })

  it('throws CliError on usage errors', async () => {
    await expect(runDetectCommand([])).rejects.toThrow(CliError)
    await expect(runDetectCommand([dir])).rejects.toThrow(/--out RESULTS_DIR is required/)
    await expect(runDetectCommand([join(dir, 'nope'), '--out', dir])).rejects.toThrow(/does not exist/)
    await expect(runDetectCommand([dir, '--out', dir, '--bogus'])).rejects.toThrow(CliError)
  })

  it('parses NAB, ISO 8601 and epoch timestamps as UTC', () => {
    const t = Date.UTC(2014, 3, 1, 12, 30, 0)
    expect(parseTimestamp('2014-04-01 12:30:00')).toBe(t)
    expect(parseTimestamp('2014-04-01T12:30:00')).toBe(t)
    expect(parseTimestamp('2014-04-01T12:30:00Z')).toBe(t)
    expect(parseTimestamp('2014-04-01T14:30:00+02:00')).toBe(t)
    expect(parseTimestamp(String(t / 1000))).toBe(t)
    expect(parseTimestamp(String(t))).toBe(t)
    expect(parseTimestamp('2014-02-30 00:00:00')).toBeNull()
    expect(parseTimestamp('soon')).toBeNull()
  })
})
