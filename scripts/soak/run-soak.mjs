// The soak driver: `vigil serve --speed X` on a fresh data dir, the wallboard in Chromium in
// kiosk mode rotating through the playlist, and a sample every few real seconds of engine RSS,
// heap and event-loop delay (GET /api/health → process), the page's JS heap and DOM counters
// (Chrome DevTools Protocol), the DuckDB file size, and any stale-data banner (a MutationObserver
// in the page). Returns the samples and the summary (see summarize()).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { accelerateDate, watchBanner } from './page-probe.mjs'
import { soakConfig } from './soak-config.mjs'
import { seriesTrend } from './trend.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CLI = join(ROOT, 'out', 'main', 'cli.js')
const MB = 1024 * 1024
const HOUR_MS = 3_600_000

/** Memory-like series whose trend decides "no upward trend" (the DuckDB file grows with data by design). */
export const MEMORY_KEYS = ['engineRssMb', 'engineHeapMb', 'pageHeapMb', 'domNodes', 'jsListeners']
/** Shown with the trends to explain the engine's RSS (V8's heap pages, DuckDB's accounted memory), not judged. */
export const DIAGNOSTIC_KEYS = ['engineRssAnonMb', 'engineHeapTotalMb', 'duckdbUsedMb']
/** The store on disk: DuckDB's file plus its write-ahead log (until a checkpoint, new data is only in the log). */
const STORE_KEY = 'storeMb'
export const CSV_KEYS = [
  'realS', 'realH', 'simH', 'simIso', 'engineRssMb', 'engineRssAnonMb', 'engineRssFileMb', 'engineHeapMb', 'engineHeapTotalMb', 'engineExternalMb',
  'duckdbUsedMb', 'duckdbLimitMb', 'duckdbTags', 'engineCpuPct', 'loopP99Ms', 'loopMaxMs',
  'pageHeapMb', 'pageHeapBeforeGcMb', 'domNodes', 'domElements', 'jsListeners', 'documents', 'duckdbMb', 'walMb', 'storeMb',
  'view', 'banner', 'sourcesNotOk'
]

/** Chromium: $CHROMIUM_PATH, else Debian's, else Playwright's own (undefined). */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
}

/**
 * @param {{ hours: number, speed: number, sampleEveryS?: number, rotateS?: number, backfill?: string, backfillStep?: string,
 *   warmupFraction?: number, outDir?: string, keepDataDir?: boolean, heapSnapshots?: boolean, log?: (line: string) => void }} opts
 */
export async function runSoak(opts) {
  const log = opts.log ?? ((line) => console.log(line))
  const speed = opts.speed
  const realDurationMs = (opts.hours * HOUR_MS) / speed
  const sampleEveryMs = (opts.sampleEveryS ?? 15) * 1000
  if (!existsSync(CLI)) throw new Error(`soak: ${CLI} is missing: build first (npx electron-vite build)`)
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-soak-'))
  const configPath = join(dataDir, 'vigil.yaml')
  writeFileSync(configPath, soakConfig({ speed, backfill: opts.backfill ?? '7d', backfillStep: opts.backfillStep ?? '15s', rotateS: opts.rotateS ?? 20 }))
  const token = 'soak-token-0123456789abcdef'

  const server = await startServer({ dataDir, configPath, token, speed })
  log(`soak: vigil serve --speed ${speed} on ${server.url} (data ${dataDir}, pid ${server.pid})`)
  // A computed specifier, as in the benchmarks: Playwright is a dev dependency.
  const playwright = '@playwright/test'
  const { chromium } = await import(playwright)
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--kiosk', '--enable-precise-memory-info']
  })
  const samples = []
  let pageErrors = []
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    page.on('pageerror', (err) => pageErrors.push(err.message))
    // The engine clock now, and when: the page's Date runs from that pair at the same speed.
    const r0 = Date.now()
    const info = await rpc(server, 'getAppInfo', {})
    const realStart = (r0 + Date.now()) / 2
    await page.addInitScript(accelerateDate, { speed, realStart, simStart: info.now })
    await page.addInitScript(watchBanner)
    await page.goto(`${server.url}/?token=${token}`)
    await page.goto(`${server.url}/#/executive?kiosk=1`)
    await page.waitForSelector('[data-testid="view-executive"]', { timeout: 120_000 })
    // The demo back-fill must finish before the run counts: until then the engine is busy writing history.
    await waitForSources(server, 180_000)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('HeapProfiler.enable')
    // The engine's own pid (under SOAK_ENGINE_WRAPPER the child is the wrapper).
    server.enginePid = (await health(server)).process?.pid ?? server.pid
    const cpu = cpuMeter(server.enginePid)
    const t0 = Date.now()
    const sim0 = (await rpc(server, 'getAppInfo', {})).now
    const warmupSamples = Math.floor((Math.floor(realDurationMs / sampleEveryMs) + 1) * (opts.warmupFraction ?? 0.2))
    log(`soak: sampling every ${sampleEveryMs / 1000} s for ${(realDurationMs / 60000).toFixed(1)} min real = ${opts.hours} h at ${speed}×`)
    for (let next = t0; ; next += sampleEveryMs) {
      const wait = next - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      if (server.exited()) throw new Error(`soak: vigil serve exited during the run:\n${server.output().slice(-3000)}`)
      const s = await takeSample({ server, page, cdp, dataDir, t0, sim0, cpu })
      samples.push(s)
      log(`  ${formatSample(s)}`)
      // Two page heap snapshots (end of warm-up, end of run) to diff by constructor (heap-diff.mjs).
      const done = Date.now() - t0 >= realDurationMs
      if (opts.heapSnapshots && opts.outDir && (samples.length === warmupSamples + 1 || done)) {
        const file = join(opts.outDir, `page-${done ? 'end' : 'warm'}.heapsnapshot`)
        await writeHeapSnapshot(cdp, file)
        log(`  heap snapshot: ${file}`)
      }
      if (Date.now() - t0 >= realDurationMs) break
    }
    const probe = await page.evaluate(() => {
      const soak = globalThis.__soak
      return { banners: soak.banners, views: soak.views }
    })
    const summary = summarize({ samples, probe, speed, hours: opts.hours, warmupFraction: opts.warmupFraction ?? 0.2, pageErrors, serverOutput: server.output() })
    if (opts.outDir) {
      writeResults(opts.outDir, samples, summary)
      // The engine's own lines (store reopens, source errors): the last 100-200 kB of them.
      writeFileSync(join(opts.outDir, 'engine.log'), server.output())
    }
    return { samples, summary, dataDir }
  } finally {
    await browser.close().catch(() => undefined)
    await server.stop()
    if (!opts.keepDataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Writes the page's heap snapshot (after a full collection) to `file`. */
async function writeHeapSnapshot(cdp, file) {
  mkdirSync(dirname(file), { recursive: true })
  await cdp.send('HeapProfiler.collectGarbage')
  const chunks = []
  const onChunk = ({ chunk }) => chunks.push(chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  }
  writeFileSync(file, chunks.join(''))
}

/** Starts the built CLI's `serve` in a child process; resolves once it printed its URL. */
async function startServer({ dataDir, configPath, token, speed }) {
  const args = [CLI, 'serve', '--data-dir', dataDir, '--config', configPath, '--port', '0', '--token', token, '--speed', String(speed)]
  // SOAK_ENGINE_WRAPPER runs the engine under a profiler, e.g. "heaptrack" (native allocations by call stack).
  const wrapper = process.env.SOAK_ENGINE_WRAPPER ? process.env.SOAK_ENGINE_WRAPPER.split(' ').filter(Boolean) : []
  const [command, ...commandArgs] = [...wrapper, process.execPath, ...args]
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VIGIL_TOKEN: '' }
  })
  let out = ''
  const keep = (d) => {
    out += d
    // Keep the tail only: a long run must not hold the server's whole log.
    if (out.length > 200_000) out = out.slice(-100_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigil serve did not start in 60 s:\n${out}`)), 60_000)
    child.stdout.on('data', () => {
      const m = /serving on (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1].replace(/\/$/, ''))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`vigil serve exited with ${code}:\n${out}`))
    })
  })
  return {
    url,
    token,
    pid: child.pid,
    output: () => out,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000)
        child.once('exit', (code) => {
          clearTimeout(kill)
          resolve(code)
        })
        child.kill('SIGTERM')
      })
  }
}

async function rpc(server, name, args) {
  const res = await fetch(`${server.url}/api/rpc/${name}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(args) })
  if (!res.ok) throw new Error(`soak: ${name} answered ${res.status}: ${await res.text()}`)
  return res.json()
}

async function health(server) {
  const res = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${server.token}` } })
  if (!res.ok) throw new Error(`soak: /api/health answered ${res.status}: ${await res.text()}`)
  return res.json()
}

/** Waits until every polled source has finished its first run (the demo's back-fill included). */
async function waitForSources(server, ms) {
  const end = Date.now() + ms
  for (;;) {
    const h = await health(server)
    if (h.sources.every((s) => s.kind === 'push' || s.state !== 'pending')) return
    if (Date.now() > end) throw new Error(`soak: sources still pending after ${ms / 1000} s: ${JSON.stringify(h.sources.map((s) => [s.id, s.state]))}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** The engine's resident memory split by kind (/proc/PID/status: RssAnon = heap and malloc, RssFile = mapped files), in MB; {} off Linux. */
function procStatusMb(pid) {
  try {
    const out = {}
    for (const m of readFileSync(`/proc/${pid}/status`, 'utf8').matchAll(/^(Rss\w+):\s+(\d+) kB$/gm)) out[m[1]] = Number(m[2]) / 1024
    return out
  } catch {
    return {}
  }
}

function fileMb(path) {
  try {
    return statSync(path).size / MB
  } catch {
    return 0
  }
}

/** The engine's CPU use between two calls, in % of one core (Linux /proc; NaN elsewhere). */
function cpuMeter(pid) {
  const ticks = () => {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 per second).
      const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return Number(rest[11]) + Number(rest[12])
    } catch {
      return NaN
    }
  }
  let last = { t: Date.now(), ticks: ticks() }
  return () => {
    const now = { t: Date.now(), ticks: ticks() }
    const pct = ((now.ticks - last.ticks) / 100 / ((now.t - last.t) / 1000)) * 100
    last = now
    return Math.round(pct)
  }
}

async function takeSample({ server, page, cdp, dataDir, t0, sim0, cpu }) {
  const realMs = Date.now() - t0
  const [h, info] = await Promise.all([health(server), rpc(server, 'getAppInfo', {})])
  const before = await cdp.send('Runtime.getHeapUsage')
  // Heap after a full collection: what the page really holds on to, without garbage waiting to be collected.
  await cdp.send('HeapProfiler.collectGarbage')
  const after = await cdp.send('Runtime.getHeapUsage')
  const counters = await cdp.send('Memory.getDOMCounters')
  const dom = await page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    view: document.querySelector('main.view[data-testid^="view-"]')?.getAttribute('data-testid')?.slice(5) ?? '',
    banner: document.querySelector('[data-testid="stale-banner"]') !== null
  }))
  const p = h.process
  const duck = p?.duckdb ?? null
  const status = procStatusMb(server.enginePid)
  return {
    realS: Math.round(realMs / 100) / 10,
    realH: realMs / HOUR_MS,
    simH: (info.now - sim0) / HOUR_MS,
    simIso: new Date(info.now).toISOString(),
    engineRssMb: p ? p.rssBytes / MB : NaN,
    engineRssAnonMb: status.RssAnon ?? NaN,
    engineRssFileMb: status.RssFile ?? NaN,
    engineHeapMb: p ? p.heapUsedBytes / MB : NaN,
    engineHeapTotalMb: p ? p.heapTotalBytes / MB : NaN,
    duckdbUsedMb: duck ? duck.usedBytes / MB : NaN,
    duckdbLimitMb: duck ? duck.limitBytes / MB : NaN,
    duckdbTags: duck ? Object.entries(duck.byTag).map(([tag, bytes]) => `${tag}:${(bytes / MB).toFixed(1)}`).join(' ') : '',
    engineExternalMb: p ? p.externalBytes / MB : NaN,
    engineCpuPct: cpu(),
    loopP99Ms: p ? p.eventLoopDelay.p99Ms : NaN,
    loopMaxMs: p ? p.eventLoopDelay.maxMs : NaN,
    loopMaxSinceStartMs: p ? p.eventLoopDelay.maxSinceStartMs : NaN,
    pageHeapMb: after.usedSize / MB,
    pageHeapBeforeGcMb: before.usedSize / MB,
    domNodes: counters.nodes,
    domElements: dom.elements,
    jsListeners: counters.jsEventListeners,
    documents: counters.documents,
    duckdbMb: fileMb(join(dataDir, 'vigil.duckdb')),
    walMb: fileMb(join(dataDir, 'vigil.duckdb.wal')),
    storeMb: fileMb(join(dataDir, 'vigil.duckdb')) + fileMb(join(dataDir, 'vigil.duckdb.wal')),
    view: dom.view,
    banner: dom.banner ? 1 : 0,
    // A push source stays "pending" until its first write; the others should be "ok".
    sourcesNotOk: h.sources
      .filter((s) => s.state !== 'ok' && !(s.kind === 'push' && s.state === 'pending'))
      .map((s) => `${s.id}:${s.state}${s.lastError ? ` (${s.lastError.slice(0, 120)})` : ''}`)
      .join(' ')
  }
}

function formatSample(s) {
  return `${String(s.realS).padStart(7)} s  sim ${s.simH.toFixed(2).padStart(6)} h  engine ${s.engineRssMb.toFixed(0)} MB rss (${s.engineRssAnonMb.toFixed(0)} anon) / ${s.engineHeapMb.toFixed(0)} MB heap / duckdb ${s.duckdbUsedMb.toFixed(1)} of ${s.duckdbLimitMb.toFixed(0)} MB  cpu ${s.engineCpuPct} %  loop p99 ${s.loopP99Ms} ms max ${s.loopMaxMs} ms  page heap ${s.pageHeapMb.toFixed(1)} MB  nodes ${s.domNodes}  listeners ${s.jsListeners}  duckdb ${s.duckdbMb.toFixed(1)}+${s.walMb.toFixed(1)} MB wal  ${s.view}${s.banner ? '  BANNER' : ''}${s.sourcesNotOk ? `  [${s.sourcesNotOk}]` : ''}`
}

/** Slopes before and after the warm-up, the largest event-loop delay, banners and rotations. */
export function summarize({ samples, probe, speed, hours, warmupFraction, pageErrors = [], serverOutput = '' }) {
  const cut = Math.floor(samples.length * warmupFraction)
  const steady = samples.slice(cut)
  const trends = (set) => Object.fromEntries([...MEMORY_KEYS, ...DIAGNOSTIC_KEYS, STORE_KEY].map((k) => [k, seriesTrend(set, k)]))
  const rotations = Math.max(0, probe.views.length - 1)
  const last = samples[samples.length - 1]
  const steadyTrends = trends(steady)
  return {
    speed,
    simulatedHoursRequested: hours,
    simulatedHours: last ? last.simH : 0,
    realMinutes: last ? last.realS / 60 : 0,
    samples: samples.length,
    warmupSamplesExcluded: cut,
    trendsAfterWarmup: steadyTrends,
    trendsAll: trends(samples),
    memoryFlat: MEMORY_KEYS.every((k) => steadyTrends[k] === null || steadyTrends[k].flat),
    maxEventLoopDelayMs: Math.max(0, ...samples.map((s) => s.loopMaxSinceStartMs).filter(Number.isFinite)),
    maxEventLoopP99Ms: Math.max(0, ...samples.map((s) => s.loopP99Ms).filter(Number.isFinite)),
    // No outages are injected in this run, so every banner counts against it.
    banners: probe.banners,
    bannerSamples: samples.filter((s) => s.banner).length,
    rotations,
    viewsShown: [...new Set(probe.views.map((v) => v.view))],
    pageErrors: pageErrors.slice(0, 20),
    serverErrors: serverOutput.split('\n').filter((l) => /error|failed|timed out/i.test(l)).slice(-20)
  }
}

function writeResults(outDir, samples, summary) {
  mkdirSync(outDir, { recursive: true })
  const csv = [CSV_KEYS.join(','), ...samples.map((s) => CSV_KEYS.map((k) => csvCell(s[k])).join(','))].join('\n')
  writeFileSync(join(outDir, 'samples.csv'), `${csv}\n`)
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  writeFileSync(join(outDir, 'summary.txt'), `${summaryText(summary).join('\n')}\n`)
}

function csvCell(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4)
  const t = String(v ?? '')
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
}

/** The summary as the lines the CLI prints. */
export function summaryText(s) {
  const lines = [
    `soak: ${s.simulatedHours.toFixed(2)} h simulated at ${s.speed}× in ${s.realMinutes.toFixed(1)} min real, ${s.samples} samples (${s.warmupSamplesExcluded} warm-up samples left out of the trend)`,
    '  trend after warm-up (least squares):       per sim hour      per real hour    mean     24 h sim growth  verdict'
  ]
  for (const [k, t] of Object.entries(s.trendsAfterWarmup)) {
    if (!t) {
      lines.push(`    ${k.padEnd(14)} too few samples`)
      continue
    }
    const verdict = k === STORE_KEY ? '(grows with data)' : DIAGNOSTIC_KEYS.includes(k) ? '(diagnostic)' : t.flat ? 'flat' : 'UPWARD'
    lines.push(`    ${k.padEnd(14)} ${fmtSlope(t.slopePerSimHour).padStart(14)} ±${fmtSlope(t.slopePerSimHourStderr).padEnd(9)} ${fmtSlope(t.slopePerRealHour).padStart(12)} ${t.mean.toFixed(1).padStart(9)}  ${(t.growthPerSimDay * 100).toFixed(1).padStart(7)} %        ${verdict}`)
  }
  lines.push(`  memory: ${s.memoryFlat ? 'no upward trend' : 'UPWARD TREND in at least one series'} (flat = a simulated day at the slope adds < 5 % of the mean)`)
  lines.push(`  event-loop delay: max ${s.maxEventLoopDelayMs} ms, worst 10 s-window p99 ${s.maxEventLoopP99Ms} ms`)
  lines.push(`  playlist: ${s.rotations} view changes, views shown: ${s.viewsShown.join(', ')}`)
  lines.push(`  stale-data banner: ${s.banners.length === 0 ? 'never appeared (no outages injected)' : `appeared ${s.banners.length}× (no outages injected)`}`)
  for (const b of s.banners.slice(0, 10)) lines.push(`    ${new Date(b.from).toISOString()} → ${b.to ? new Date(b.to).toISOString() : 'end'}  cause ${b.cause} ${b.sources ?? ''}: ${b.text}`)
  if (s.pageErrors.length > 0) lines.push(`  page errors: ${s.pageErrors.length} (first: ${s.pageErrors[0]})`)
  return lines
}

function fmtSlope(v) {
  if (!Number.isFinite(v)) return 'n/a'
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4)
}
