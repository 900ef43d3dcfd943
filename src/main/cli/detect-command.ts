// `vigil detect DATA_DIR --out RESULTS_DIR`: scores every timestamp,value CSV under DATA_DIR
// online (one fresh detector per file, rows in order) and writes timestamp,value,anomaly_score
// to the same relative path under RESULTS_DIR.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { glob } from 'tinyglobby'
import { createDetector, type DetectorOptions } from '../analytics/anomaly'
import { CliError } from './cli-error'

export interface DetectFileResult {
  file: string
  rows: number
  /** Time spent inside the detector, in ns. */
  detectorNs: number
  /** Rows that were accepted with a remark (e.g. a clock that went back). */
  warnings: string[]
  error?: string
}

export interface DetectSummary {
  files: DetectFileResult[]
  rows: number
  failed: number
  microsPerSample: number
}

/** Parses the arguments, scores every CSV, prints a summary to stderr; 1 if any file failed. */
export async function runDetectCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: true, strict: true })
  } catch (err) {
    throw new CliError(`${err instanceof Error ? err.message : String(err)} (usage: vigil detect DATA_DIR --out RESULTS_DIR)`)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new CliError('usage: vigil detect DATA_DIR --out RESULTS_DIR')
  if (!values.out) throw new CliError('--out RESULTS_DIR is required (where the scored CSVs go)')
  const dataDir = resolve(positionals[0])
  let isDir = false
  try {
    isDir = statSync(dataDir).isDirectory()
  } catch {
    throw new CliError(`DATA_DIR ${dataDir} does not exist`)
  }
  if (!isDir) throw new CliError(`DATA_DIR ${dataDir} is not a folder`)
  const summary = await detectDirectory(dataDir, resolve(values.out))
  for (const f of summary.files) {
    for (const w of f.warnings) process.stderr.write(`detect: warning: ${w}\n`)
    if (f.error) process.stderr.write(`detect: ${f.error}\n`)
  }
  process.stderr.write(
    `detect: ${summary.files.length} files (${summary.failed} failed), ${summary.rows} rows, ${summary.microsPerSample.toFixed(2)} µs per sample in the detector\n`
  )
  return summary.failed > 0 ? 1 : 0
}

/** Scores every *.csv under dataDir into outDir; a bad file is reported, the others still run. */
export async function detectDirectory(dataDir: string, outDir: string, options?: DetectorOptions): Promise<DetectSummary> {
  const files = (await glob('**/*.csv', { cwd: dataDir, onlyFiles: true })).sort()
  const results: DetectFileResult[] = []
  for (const rel of files) {
    const out = join(outDir, rel)
    try {
      const scored = scoreCsv(readFileSync(join(dataDir, rel), 'utf8'), rel, options)
      mkdirSync(dirname(out), { recursive: true })
      writeFileSync(out, scored.csv)
      results.push({ file: rel, rows: scored.rows, detectorNs: scored.detectorNs, warnings: scored.warnings })
    } catch (err) {
      results.push({ file: rel, rows: 0, detectorNs: 0, warnings: [], error: err instanceof Error ? err.message : String(err) })
    }
  }
  const rows = results.reduce((a, r) => a + r.rows, 0)
  const ns = results.reduce((a, r) => a + r.detectorNs, 0)
  return { files: results, rows, failed: results.filter((r) => r.error).length, microsPerSample: rows > 0 ? ns / rows / 1000 : 0 }
}

/** Scores one CSV's text; errors name the file and the 1-based line. */
export function scoreCsv(text: string, name: string, options?: DetectorOptions): { csv: string; rows: number; detectorNs: number; warnings: string[] } {
  const lines = text.split(/\r?\n/)
  const header = lines[0]?.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase()) ?? []
  const tsCol = header.indexOf('timestamp')
  const valCol = header.indexOf('value')
  if (tsCol < 0 || valCol < 0) throw new Error(`${name} line 1: expected a header with "timestamp" and "value" columns, got "${lines[0] ?? ''}"`)
  const detector = createDetector(options)
  const out: string[] = ['timestamp,value,anomaly_score']
  let ns = 0n
  const warnings: string[] = []
  let lastTs = -Infinity
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '') continue
    const cells = line.split(',')
    const where = `${name} line ${i + 1}`
    const rawTs = (cells[tsCol] ?? '').trim().replace(/^"|"$/g, '')
    const rawVal = (cells[valCol] ?? '').trim().replace(/^"|"$/g, '')
    const ts = parseTimestamp(rawTs)
    if (ts === null) throw new Error(`${where}: timestamp "${rawTs}" is not a date (expected e.g. 2014-04-01 00:00:00, ISO 8601 or epoch seconds/ms)`)
    const value = rawVal === '' ? NaN : Number(rawVal)
    if (!Number.isFinite(value)) throw new Error(`${where}: value "${rawVal}" is not a finite number`)
    // Real exports sometimes step the clock back (NAB's machine_temperature does, by 55 min):
    // the rows still come in order, so score them at the previous time and say so.
    if (ts < lastTs) warnings.push(`${where}: timestamp ${rawTs} is older than the row before; scored in row order at the previous time`)
    lastTs = Math.max(lastTs, ts)
    const t0 = process.hrtime.bigint()
    let score: number
    try {
      score = detector.update(lastTs, value).score
    } catch (err) {
      throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`)
    }
    ns += process.hrtime.bigint() - t0
    out.push(`${rawTs},${rawVal},${score}`)
  }
  return { csv: out.join('\n') + '\n', rows: out.length - 1, detectorNs: Number(ns), warnings }
}

const NAB_STYLE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/

/** Epoch ms from `2014-04-01 00:00:00` (UTC), ISO 8601 (UTC unless a zone is given) or epoch s/ms. */
export function parseTimestamp(raw: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(raw)) {
    const n = Number(raw)
    // Epoch seconds until the year 5138; anything larger is milliseconds.
    return Math.abs(n) < 1e11 ? n * 1000 : n
  }
  const m = NAB_STYLE.exec(raw)
  if (m) {
    const [, y, mo, d, h, mi, sec, frac] = m
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, sec ? +sec : 0, frac ? Math.round(Number(frac) * 1000) : 0)
    const back = new Date(ms)
    // Date.UTC rolls 2014-02-30 over to March; a real date round-trips.
    if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || (sec !== undefined && +sec > 59)) return null
    return ms
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null
  const ms = Date.parse(raw)
  return Number.isFinite(ms) ? ms : null
}
