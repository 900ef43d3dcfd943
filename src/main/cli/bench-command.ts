// `vigil bench <name>`: benchmarks that print figures and ratios measured in one run.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { benchHttpWrite } from '../../../bench/http-write-bench'
import { benchLineProtocolParse } from '../../../bench/line-protocol-bench'
import { archiveBenchReport, benchArchive, openTimingReport, timeOpenToPaint } from '../../../bench/archive-bench'
import { benchM4 } from '../../../bench/m4-bench'
import { benchNab } from '../../../bench/nab-bench'
import { benchStore } from '../../../bench/store-bench'
import { benchViews } from '../../../bench/views-bench'
import { benchE2eCommand } from './bench-e2e'
import { CliError } from './cli-error'
import { builtRendererDir } from './renderer-dir'

const BENCHES = ['ingest', 'views', 'analytics', 'archive', 'crash', 'e2e'] as const

/** Runs the named benchmarks (all when none is named). */
export async function runBench(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { samples: { type: 'string', default: '2000000' }, archive: { type: 'string' } },
    allowPositionals: true,
    strict: true
  })
  const samples = Number(values.samples)
  if (!Number.isInteger(samples) || samples < 10_000) throw new CliError(`--samples: expected an integer ≥ 10000, got "${values.samples}"`)
  const names = positionals.length > 0 ? positionals : [...BENCHES]
  for (const name of names) {
    if (!(BENCHES as readonly string[]).includes(name)) throw new CliError(`unknown benchmark "${name}" (known: ${BENCHES.join(', ')})`)
  }
  if (names.includes('ingest')) await benchIngest(samples)
  if (names.includes('views')) await benchViewsCommand()
  if (names.includes('analytics')) await benchAnalyticsCommand()
  if (names.includes('archive')) await benchArchiveCommand(values.archive)
  if (names.includes('e2e')) await benchE2eCommand()
  let code = 0
  if (names.includes('crash')) {
    const { benchCrash } = await import('./bench-crash')
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-crash-'))
    try {
      // A lost acknowledged sample fails the run.
      if ((await benchCrash({ cliPath: process.argv[1], dataDir: join(dir, 'data') })) !== 0) code = 1
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return code
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

async function benchIngest(samples: number): Promise<void> {
  console.log(`== ingest: ${fmt(samples)} samples, 100 series, file databases in a temp folder`)
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'))
  try {
    const parse = benchLineProtocolParse({ linesPerBody: 5000, rounds: 40 })
    console.log(`  line-protocol parser       ${fmt(parse.samplesPerSec).padStart(12)} samples/s  (${fmt(parse.linesPerSec)} lines/s)`)

    const store = await benchStore({ samples, series: 100, dir: join(dir, 'store') })
    console.log(`  bare DuckDB Appender       ${fmt(store.bareAppenderPerSec).padStart(12)} samples/s  (row by row, one transaction)`)
    console.log(`  bare Appender, data chunks ${fmt(store.bareChunkPerSec).padStart(12)} samples/s`)
    console.log(`  store append path          ${fmt(store.storePerSec).padStart(12)} samples/s  ratio ${store.ratio.toFixed(2)}× bare Appender (target ≥ 0.80), ${store.chunkRatio.toFixed(2)}× chunked`)

    const http = await benchHttpPath(samples, join(dir, 'http'))
    const verdict = http.samplesPerSec >= 250_000 ? 'meets' : 'MISSES'
    console.log(`  HTTP /api/write path       ${fmt(http.samplesPerSec).padStart(12)} samples/s  (${verdict} the 250,000 target; ${http.requests} requests, ${http.failures} failed; server in a child process)`)
    console.log(`  HTTP path / bare Appender  ${(http.samplesPerSec / store.bareAppenderPerSec).toFixed(2)}×`)
    if (http.failures > 0) console.log(`  first failure: ${http.firstFailure}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Starts `vigil serve` (this same CLI) in a child process and drives /api/write from here. */
async function benchHttpPath(samples: number, dataDir: string): Promise<{ samplesPerSec: number; requests: number; failures: number; firstFailure: string | null }> {
  const token = 'bench-token-0123456789abcdef'
  const config = join(dataDir, 'vigil.yaml')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(config, 'version: 1\nsources:\n  - { id: push, kind: push }\n')
  const child = spawn(process.execPath, [process.argv[1], 'serve', '--data-dir', dataDir, '--config', config, '--port', '0', '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench server did not start:\n${out}`)), 30_000)
      child.stdout.on('data', () => {
        const m = /serving on (http:\/\/\S+?)\/?\s/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      child.on('exit', (code) => reject(new Error(`bench server exited with ${code}:\n${out}`)))
    })
    // Warm-up, then the measured run.
    await benchHttpWrite({ url, token, samples: Math.min(200_000, samples), linesPerRequest: 5000, concurrency: 4 })
    return await benchHttpWrite({ url, token, samples, linesPerRequest: 5000, concurrency: 4 })
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

async function benchViewsCommand(): Promise<void> {
  console.log('== views: 30 days of demo data at 15 s resolution (every demo series), roll-ups built')
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-views-'))
  try {
    const chromiumPath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
    const r = await benchViews({ dataDir: dir, staticDir: builtRendererDir(), chromiumPath })
    console.log(`  data: ${fmt(r.samples)} samples generated in ${r.generateSeconds.toFixed(1)} s, roll-ups built in ${r.rollupSeconds.toFixed(1)} s`)
    console.log('  server time for all of a view\'s requests (20 refreshes; target p95 ≤ 50 ms):')
    for (const q of r.queries) {
      const verdict = q.p95Ms <= 50 ? 'ok' : 'OVER'
      console.log(`    ${q.view.padEnd(12)} ${q.range.padStart(4)}  ${String(q.requests).padStart(3)} requests  median ${q.medianMs.toFixed(1).padStart(7)} ms  p95 ${q.p95Ms.toFixed(1).padStart(7)} ms  ${verdict}`)
    }
    if (r.paintSkipped) console.log(`  first full paint: skipped (${r.paintSkipped})`)
    else {
      console.log('  first full paint in Chromium, kiosk mode, 1920×1080, 24 h range (target ≤ 1500 ms):')
      for (const p of r.paint) console.log(`    ${p.view.padEnd(12)} ${String(p.firstFullPaintMs).padStart(6)} ms  ${p.firstFullPaintMs <= 1500 ? 'ok' : 'OVER'}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The public benchmark data (../shared/bench beside the checkout, or $VIGIL_BENCH_DIR). */
function benchDataDir(): string {
  const dir = process.env.VIGIL_BENCH_DIR || resolve(process.cwd(), '../shared/bench')
  if (!existsSync(join(dir, 'm4')) || !existsSync(join(dir, 'nab'))) {
    throw new CliError(`benchmark data not found in ${dir} (expected m4/ and nab/ there; set VIGIL_BENCH_DIR)`)
  }
  return dir
}

const f3 = (n: number): string => n.toFixed(3)

async function benchAnalyticsCommand(): Promise<void> {
  const dir = benchDataDir()
  console.log(`== analytics: M4 Hourly forecasts and NAB anomaly detection (data: ${dir})`)
  const m4 = await benchM4({ dataDir: join(dir, 'm4') })
  console.log(`  M4 Hourly: ${m4.series} series, h=${m4.horizon}, m=${m4.m}; sMAPE / MASE / OWA vs Naive2, fit+forecast time for all series`)
  for (const r of m4.runs) {
    const ref = r.reference ? `  (reference scorer: ${f3(r.reference.smape)} / ${f3(r.reference.mase)} / ${f3(r.reference.owa)})` : ''
    console.log(`    ${r.label.padEnd(18)} ${f3(r.smape).padStart(7)} / ${f3(r.mase)} / ${f3(r.owa)}  ${r.seconds.toFixed(1).padStart(5)} s${ref}`)
  }
  if (m4.referenceNote) console.log(`    reference scorer not run: ${m4.referenceNote}`)
  console.log(`    published: ${m4.published.map((p) => `${p.method} ${f3(p.owa)}`).join(', ')}`)
  const nab = await benchNab({ benchDir: dir })
  console.log(`  NAB (${nab.files} files, ${fmt(nab.rows)} rows, scored by nab_score.py): standard ${nab.scores.standard.toFixed(2)}, low FP ${nab.scores.lowFP.toFixed(2)}, low FN ${nab.scores.lowFN.toFixed(2)}; ${nab.windowsHit}/${nab.windows} windows hit; ${nab.microsPerSample.toFixed(2)} µs per sample`)
  for (const r of nab.reference.slice(0, 4)) console.log(`    ${r.detector.padEnd(14)} ${r.standard.toFixed(2)} / ${r.lowFP.toFixed(2)} / ${r.lowFN.toFixed(2)}`)
}

/** `--archive FILE`: an existing FILE is only opened (no generation); a missing one is generated and kept there. */
async function benchArchiveCommand(archivePath: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-archive-'))
  try {
    const chromiumPath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
    const staticDir = builtRendererDir()
    if (archivePath !== undefined && existsSync(archivePath)) {
      if (!staticDir || !chromiumPath) throw new CliError('bench archive --archive: needs the built renderer (npm run build) and Chromium')
      console.log(`== archive: opening ${archivePath} (existing; no generation or export)`)
      const open = await timeOpenToPaint(resolve(archivePath), mkdtempSync(join(dir, 'cache-')), staticDir, chromiumPath)
      for (const line of openTimingReport(open)) console.log(line)
      return
    }
    const r = await benchArchive({ dir, log: (line) => console.log(line), staticDir, chromiumPath, keepArchiveAt: archivePath && resolve(archivePath) })
    for (const line of archiveBenchReport(r)) console.log(line)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
