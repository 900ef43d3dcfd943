// The csv source against real files in a temp folder.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { csvSource } from '@shared/config/schema'
import { createFakeContext } from '../../../../test/helpers/fake-context'
import { testDeps } from '../../../../test/helpers/source-deps'
import { importFile } from './import-file'
import { createCsvSource } from './source'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-csv-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function source(extra: Record<string, unknown>) {
  return createCsvSource(csvSource.parse({ id: 'sales', kind: 'csv', path: 'exports/*.csv', ...extra }), testDeps(dir))
}

async function write(name: string, text: string): Promise<void> {
  await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'exports'), { recursive: true }))
  await writeFile(join(dir, 'exports', name), text)
}

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0)

describe('csv source', () => {
  it('imports every value column with labels, accepting the supported timestamp formats', async () => {
    await write(
      'a.csv',
      [
        'timestamp,revenue,users,region',
        `${T0 / 1000},100,5,eu`,
        `${T0 + 60_000},110,6,us`,
        '2024-01-01T00:02:00Z,120,7,eu',
        '2024-01-01 00:03:00,130,8,',
        '2024-01-01T01:04:00+01:00,140,,eu',
        ''
      ].join('\n')
    )
    const ctx = createFakeContext()
    await source({ label_columns: ['region'], series_prefix: 'crm_' }).poll(ctx)
    expect(ctx.warnings).toEqual([])
    expect(ctx.series('crm_revenue').map((s) => [s.ts - T0, s.value, s.labels.region])).toEqual([
      [0, 100, 'eu'],
      [60_000, 110, 'us'],
      [120_000, 120, 'eu'],
      [180_000, 130, undefined],
      [240_000, 140, 'eu']
    ])
    expect(ctx.series('crm_users').map((s) => s.value)).toEqual([5, 6, 7, 8])
    expect(ctx.series('crm_region')).toEqual([])
  })

  it('imports only what is new: nothing on re-poll, then appended rows, then a new file', async () => {
    await write('a.csv', `timestamp,v\n${T0},1\n${T0 + 1000},2\n`)
    const src = source({})
    const ctx = createFakeContext()
    await src.poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2])

    const writes = ctx.writes
    await src.poll(ctx.nextRun())
    expect(ctx.writes).toBe(writes)
    expect(ctx.samples).toHaveLength(2)

    await appendFile(join(dir, 'exports', 'a.csv'), `${T0 + 2000},3\n${T0 + 3000},4\n`)
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2, 3, 4])

    await write('b.csv', `timestamp,v\n${T0 + 5000},50\n`)
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2, 3, 4, 50])
  })

  it('leaves a half-written last line until it is complete', async () => {
    await write('a.csv', `timestamp,v\n${T0},1\n${T0 + 1000},2`)
    const src = source({})
    const ctx = createFakeContext()
    await src.poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([1])
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1])
    await appendFile(join(dir, 'exports', 'a.csv'), `5\n${T0 + 2000},3\n`)
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 25, 3])
  })

  it('re-imports a file that was replaced by a shorter or different one', async () => {
    await write('a.csv', `timestamp,v\n${T0},1\n${T0 + 1000},2\n`)
    const src = source({})
    const ctx = createFakeContext()
    await src.poll(ctx)
    await write('a.csv', `timestamp,v\n${T0},9\n`)
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2, 9])
    await write('a.csv', `timestamp,v\n${T0},7\n${T0 + 1000},8\n${T0 + 2000},9\n`)
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2, 9, 7, 8, 9])
  })

  it('warns about bad rows with file, line and column, keeping the other rows and cells', async () => {
    await write(
      'a.csv',
      ['timestamp,revenue,users', `${T0},1,10`, 'yesterday,2,20', `${T0 + 2000},abc,30`, `${T0 + 3000},4`, `${T0 + 4000},5,50`, ''].join('\n')
    )
    const ctx = createFakeContext()
    await source({}).poll(ctx)
    expect(ctx.series('revenue').map((s) => s.value)).toEqual([1, 5])
    expect(ctx.series('users').map((s) => s.value)).toEqual([10, 30, 50])
    expect(ctx.warnings).toEqual([
      expect.stringMatching(/^csv source "sales": exports\/a\.csv:3: timestamp column "timestamp" is "yesterday", expected epoch/),
      'csv source "sales": exports/a.csv:4: column "revenue" is "abc", expected a number',
      'csv source "sales": exports/a.csv:5: 2 fields, but the header has 3; row skipped'
    ])
  })

  it('reports a file whose header lacks a configured column, and still imports the other files', async () => {
    await write('a.csv', `timestamp,revenue\n${T0},1\n`)
    await write('b.csv', `time,revenue\n${T0},2\n`)
    await write('c.csv', `timestamp,sales\n${T0},3\n`)
    const ctx = createFakeContext()
    const src = source({ columns: ['revenue'] })
    await src.poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([1])
    expect(ctx.warnings).toEqual([
      'csv source "sales": exports/b.csv: no timestamp column "timestamp" (found: "time", "revenue")',
      'csv source "sales": exports/c.csv: no column "revenue" (found: "timestamp", "sales")'
    ])
    // The broken files are reported again next time, until fixed.
    const next = ctx.nextRun()
    await src.poll(next)
    expect(next.warnings).toHaveLength(2)
    await write('b.csv', `timestamp,revenue\n${T0},2\n`)
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2])
  })

  it('fails the poll when no file matches or every file is broken', async () => {
    await expect(source({}).poll(createFakeContext())).rejects.toThrow(`csv source "sales": no file matches "exports/*.csv" (in ${dir})`)
    await expect(source({ path: 'missing.csv' }).poll(createFakeContext())).rejects.toThrow(
      `csv source "sales": file not found: ${join(dir, 'missing.csv')}`
    )
    await write('a.csv', `when,v\n${T0},1\n`)
    await expect(source({}).poll(createFakeContext())).rejects.toThrow(
      'csv source "sales": exports/a.csv: no timestamp column "timestamp" (found: "when", "v")'
    )
  })

  it('maps configured columns to series names and units', async () => {
    await write('a.csv', `ts;Revenue (EUR);Seats used;team\n${T0};1,5;3;a\n`)
    const ctx = createFakeContext()
    await source({
      path: 'exports/a.csv',
      delimiter: ';',
      timestamp_column: 'ts',
      columns: [{ column: 'Revenue (EUR)', series: 'revenue', unit: 'EUR' }, 'Seats used'],
      label_columns: ['team']
    }).poll(ctx)
    expect(ctx.samples).toEqual([{ name: 'Seats_used', labels: { team: 'a' }, ts: T0, value: 3 }])
    expect(ctx.warnings).toEqual(['csv source "sales": exports/a.csv:2: column "Revenue (EUR)" is "1,5", expected a number'])
  })

  it('does not advance past rows whose write failed, so they are imported next time', async () => {
    await write('a.csv', `timestamp,v\n${T0},1\n`)
    const src = source({})
    const ctx = createFakeContext()
    ctx.failNextWrite(new Error('disk full'))
    await expect(src.poll(ctx)).rejects.toThrow('csv source "sales": writing samples from exports/a.csv failed: disk full')
    expect(ctx.samples).toEqual([])
    await src.poll(ctx.nextRun())
    expect(ctx.samples.map((s) => s.value)).toEqual([1])
  })

  it('handles a byte-order mark, CRLF line ends and quoted fields with newlines', async () => {
    await write('a.csv', `\ufefftimestamp,v,note\r\n${T0},1,"two\r\nlines"\r\n${T0 + 1000},2,"x, y"\r\n`)
    const ctx = createFakeContext()
    await source({ columns: ['v'] }).poll(ctx)
    expect(ctx.warnings).toEqual([])
    expect(ctx.samples.map((s) => s.value)).toEqual([1, 2])
  })

  it('reports a quote that never closes instead of silently stalling', async () => {
    await write('a.csv', `timestamp,v,note\n${T0},1,ok\n${T0 + 1000},2,"broken\n${T0 + 2000},3,x\n${T0 + 3000},4,x\n`)
    const ctx = createFakeContext()
    await source({ columns: ['v'] }).poll(ctx)
    expect(ctx.samples.map((s) => s.value)).toEqual([1])
    expect(ctx.warnings).toEqual(['csv source "sales": exports/a.csv:3: a quoted field is not closed; the rows from here on are not imported until it is'])
  })

  it('imports a file larger than one read chunk without losing or repeating rows', async () => {
    const rows = 20_000
    const lines = ['timestamp,v,note']
    for (let i = 0; i < rows; i++) {
      const note = i % 7 === 0 ? '"multi\nline, quoted"' : 'x'
      lines.push(`${T0 + i * 1000},${i === rows - 10 ? 'bad' : i},${note}`)
    }
    await write('big.csv', lines.join('\n') + '\n')
    const file = join(dir, 'exports', 'big.csv')
    const cfg = csvSource.parse({ id: 'sales', kind: 'csv', path: 'exports/*.csv', columns: ['v'] })
    const ctx = createFakeContext()
    const warnings: string[] = []
    const chunk = 4096
    await importFile(file, 'big.csv', cfg, ctx, (m) => warnings.push(m), chunk)
    expect(ctx.writes).toBeGreaterThan(50)
    expect(ctx.samples).toHaveLength(rows - 1)
    expect(new Set(ctx.samples.map((s) => s.ts)).size).toBe(rows - 1)
    // Line numbers stay right across chunks, counting the quoted newlines.
    const badLine = 1 + (rows - 10) + Math.ceil((rows - 10) / 7) + 1
    expect(warnings).toEqual([`big.csv:${badLine}: column "v" is "bad", expected a number`])

    await appendFile(file, `${T0 + rows * 1000},1,x\nnope,2,x\n`)
    const more: string[] = []
    await importFile(file, 'big.csv', cfg, ctx.nextRun(), (m) => more.push(m), chunk)
    expect(ctx.samples).toHaveLength(rows)
    const linesBefore = lines.join('\n').split('\n').length
    expect(more).toEqual([expect.stringMatching(new RegExp(`^big\\.csv:${linesBefore + 2}: timestamp column`))])
  })

  it('refuses a single line longer than a read chunk', async () => {
    await write('a.csv', `timestamp,v\n${T0},${'9'.repeat(100)}\n${T0},1\n`)
    const cfg = csvSource.parse({ id: 'sales', kind: 'csv', path: 'exports/a.csv' })
    await expect(importFile(join(dir, 'exports', 'a.csv'), 'a.csv', cfg, createFakeContext(), () => undefined, 64)).rejects.toThrow(
      'line 2 is longer than 64 bytes'
    )
  })
})
