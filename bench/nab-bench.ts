// NAB benchmark: the streaming detector over ../shared/bench/nab/data, scored by the reference
// scorer (standard, low-FP and low-FN profiles), beside the published detectors' figures.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DetectorOptions } from '../src/main/analytics/anomaly'
import { detectDirectory } from '../src/main/cli/detect-command'

export interface NabProfileScores {
  standard: number
  lowFP: number
  lowFN: number
}

export interface NabBenchResult {
  scores: NabProfileScores
  /** Windows detected / scorable windows, under the standard profile. */
  windowsHit: number
  windows: number
  files: number
  rows: number
  /** Detector time per sample, µs. */
  microsPerSample: number
  /** Published detectors re-scored on the same 42 files (../shared/bench/README.md). */
  reference: Array<{ detector: string } & NabProfileScores>
}

export const NAB_REFERENCE: NabBenchResult['reference'] = [
  { detector: 'ARTime', standard: 71.86, lowFP: 62.51, lowFN: 77.38 },
  { detector: 'Numenta HTM', standard: 69.88, lowFP: 63.65, lowFN: 74.13 },
  { detector: 'CAD OSE', standard: 67.64, lowFP: 63.33, lowFN: 71.66 },
  { detector: 'HTM Java', standard: 65.92, lowFP: 59.12, lowFN: 70.15 },
  { detector: 'Relative Entropy', standard: 55.81, lowFP: 47.65, lowFN: 60.4 },
  { detector: 'Random Cut Forest', standard: 53.37, lowFP: 42.61, lowFN: 61.31 },
  { detector: 'KNN CAD', standard: 52.34, lowFP: 40.12, lowFN: 58.56 },
  { detector: 'Etsy Skyline', standard: 42.11, lowFP: 32.88, lowFN: 46.43 },
  { detector: 'Twitter ADVec', standard: 40.54, lowFP: 29.46, lowFN: 46.35 },
  { detector: 'Windowed Gaussian', standard: 30.56, lowFP: 16.37, lowFN: 37.28 },
  { detector: 'Random', standard: 19.53, lowFP: 9.08, lowFN: 27.91 },
  { detector: 'Null (never fires)', standard: 0, lowFP: 0, lowFN: 0 }
]

/** Runs the detector over the NAB subset and scores it with the reference scorer. */
export async function benchNab(opts: { benchDir: string; log?: (line: string) => void; options?: DetectorOptions }): Promise<NabBenchResult> {
  const log = opts.log ?? (() => {})
  const work = mkdtempSync(join(tmpdir(), 'vigil-nab-'))
  try {
    const results = join(work, 'vigil')
    const detected = await detectDirectory(join(opts.benchDir, 'nab', 'data'), results, opts.options)
    const failed = detected.files.filter((f) => f.error)
    if (failed.length > 0) throw new Error(`NAB bench: ${failed.length} files failed, first: ${failed[0].error}`)
    log(`  scored ${detected.files.length} files, ${detected.rows} rows, ${detected.microsPerSample.toFixed(2)} µs per sample`)
    const jsonOut = join(work, 'scores.json')
    await runScorer(['python3', join(opts.benchDir, 'nab_score.py'), results, '--labels', join(opts.benchDir, 'nab', 'labels', 'combined_windows.json'), '--json', jsonOut])
    const parsed = JSON.parse(readFileSync(jsonOut, 'utf8')) as Record<string, Record<string, { score: number; windows_hit: number; windows: number }>>
    const mine = parsed.vigil
    if (!mine?.standard || !mine.reward_low_FP_rate || !mine.reward_low_FN_rate) throw new Error(`NAB bench: the scorer's JSON has no scores for "vigil": ${JSON.stringify(parsed).slice(0, 200)}`)
    return {
      scores: { standard: mine.standard.score, lowFP: mine.reward_low_FP_rate.score, lowFN: mine.reward_low_FN_rate.score },
      windowsHit: mine.standard.windows_hit,
      windows: mine.standard.windows,
      files: detected.files.length,
      rows: detected.rows,
      microsPerSample: detected.microsPerSample,
      reference: NAB_REFERENCE
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Formats the result beside the reference table, one line per detector. */
export function formatNabResult(r: NabBenchResult): string[] {
  const row = (name: string, s: NabProfileScores): string => `  ${name.padEnd(20)} ${s.standard.toFixed(2).padStart(8)} ${s.lowFP.toFixed(2).padStart(8)} ${s.lowFN.toFixed(2).padStart(8)}`
  const all = [{ detector: 'Vigil (this run)', ...r.scores }, ...r.reference].sort((a, b) => b.standard - a.standard)
  return [
    `  ${'detector'.padEnd(20)} ${'standard'.padStart(8)} ${'low FP'.padStart(8)} ${'low FN'.padStart(8)}`,
    ...all.map((d) => row(d.detector, d)),
    `  windows detected ${r.windowsHit}/${r.windows}; ${r.rows} rows in ${r.files} files; ${r.microsPerSample.toFixed(2)} µs per sample`
  ]
}

function runScorer(cmd: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('error', (err) => reject(new Error(`NAB bench: could not run ${cmd[0]}: ${err.message}`)))
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`NAB bench: scorer exited ${code}:\n${out.slice(-2000)}`))))
  })
}
