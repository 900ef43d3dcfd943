// M4 Hourly benchmark: every model family forecasts the 414 series (h=48), scored with our own
// sMAPE / MASE / OWA (vs the organisers' Naive2 forecasts) and, when python3 is available, with the
// reference scorer ../shared/bench/m4_score.py on the same forecast files.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { forecastSeries } from '../src/main/analytics/forecast/index'
import { type M4Score, owa, scoreM4 } from '../src/main/analytics/forecast/m4-measures'
import type { ForecastModelName } from '../src/main/analytics/forecast/types'
import { parseWideCsv } from '../src/main/analytics/forecast/wide-csv'

export interface M4BenchOptions {
  /** Folder with Hourly-train.csv, Hourly-test.csv, Naive2-hourly.csv (../shared/bench/m4). */
  dataDir: string
  log?: (line: string) => void
  /** Which runs to make (default: all of DEFAULT_RUNS). */
  runs?: readonly M4Run[]
}

export interface M4Run {
  /** Label in the table, e.g. "ets m=24". */
  label: string
  model: ForecastModelName
  periods: readonly number[]
}

export interface M4RunResult extends M4Run {
  smape: number
  mase: number
  owa: number
  /** Wall time to fit and forecast all series (seconds). */
  seconds: number
  /** The reference scorer's figures on the same forecasts (null when python3 is missing or failed). */
  reference: { smape: number; mase: number; owa: number } | null
  /** Model names chosen, with counts (for auto). */
  models: Record<string, number>
}

export interface M4BenchResult {
  series: number
  horizon: number
  m: number
  naive2: M4Score
  runs: M4RunResult[]
  /** Why the reference scorer did not run, if it did not. */
  referenceNote: string | null
  /** Published M4 Hourly OWA figures to compare with. */
  published: ReadonlyArray<{ method: string; smape: number; mase: number; owa: number }>
}

export const DEFAULT_RUNS: readonly M4Run[] = [
  { label: 'snaive m=24', model: 'snaive', periods: [24] },
  { label: 'snaive m=24,168', model: 'snaive', periods: [24, 168] },
  { label: 'ets m=24', model: 'ets', periods: [24] },
  { label: 'theta m=24', model: 'theta', periods: [24] },
  { label: 'mstl m=24,168', model: 'mstl', periods: [24, 168] },
  { label: 'auto m=24', model: 'auto', periods: [24] },
  { label: 'auto m=24,168', model: 'auto', periods: [24, 168] }
]

export const PUBLISHED_M4_HOURLY = [
  { method: 'Naive2', smape: 18.383, mase: 2.395, owa: 1.0 },
  { method: 'sNaive', smape: 13.912, mase: 1.193, owa: 0.627 },
  { method: 'Theta', smape: 18.138, mase: 2.455, owa: 1.006 },
  { method: 'Winner (Smyl, ES-RNN)', smape: 9.328, mase: 0.893, owa: 0.44 }
] as const

const H = 48
const M = 24

/** Runs the M4 Hourly benchmark and returns our figures beside the reference scorer's. */
export async function benchM4(opts: M4BenchOptions): Promise<M4BenchResult> {
  const log = opts.log ?? (() => {})
  const dir = resolve(opts.dataDir)
  const read = (name: string): Map<string, number[]> => {
    const file = join(dir, name)
    return new Map(parseWideCsv(readFileSync(file, 'utf8'), file).map((s) => [s.id, s.values]))
  }
  const train = read('Hourly-train.csv')
  const test = read('Hourly-test.csv')
  const naive2Fc = read('Naive2-hourly.csv')
  const ids = [...test.keys()]
  for (const id of ids) if (!train.has(id) || !naive2Fc.has(id)) throw new Error(`M4 data: series ${id} lacks training data or a Naive2 forecast`)
  const score = (fc: Map<string, number[]>): M4Score =>
    scoreM4(
      ids.map((id) => ({ history: train.get(id)!, actual: test.get(id)!.slice(0, H), forecast: fc.get(id)!.slice(0, H) })),
      M
    )
  const naive2 = score(naive2Fc)
  const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' })
  const scorer = resolve(dir, '..', 'm4_score.py')
  const referenceNote = python.status === 0 ? null : 'python3 with numpy not available: reference scorer skipped'
  const tmp = mkdtempSync(join(tmpdir(), 'vigil-m4-'))
  const runs: M4RunResult[] = []
  try {
    for (const run of opts.runs ?? DEFAULT_RUNS) {
      const fc = new Map<string, number[]>()
      const models: Record<string, number> = {}
      const t0 = performance.now()
      for (const id of ids) {
        const r = forecastSeries(train.get(id)!, { horizon: H, seasonalPeriods: run.periods, model: run.model, levels: [95] })
        fc.set(id, r.mean)
        const key = r.model.replace(/[\d.]+/g, '#')
        models[key] = (models[key] ?? 0) + 1
      }
      const seconds = (performance.now() - t0) / 1000
      const s = score(fc)
      let reference: M4RunResult['reference'] = null
      if (referenceNote === null) {
        const file = join(tmp, `${run.label.replace(/\W+/g, '_')}.csv`)
        writeFileSync(file, ['id,' + Array.from({ length: H }, (_, i) => `F${i + 1}`).join(','), ...ids.map((id) => [id, ...fc.get(id)!.map((v) => String(v))].join(','))].join('\n') + '\n')
        const out = spawnSync('python3', [scorer, 'score', file, '--naive2', join(dir, 'Naive2-hourly.csv')], { encoding: 'utf8' })
        const m = /sMAPE=([\d.]+)\s+MASE=([\d.]+)\s+OWA=([\d.]+)/.exec(out.stdout ?? '')
        if (m) reference = { smape: Number(m[1]), mase: Number(m[2]), owa: Number(m[3]) }
        else log(`  reference scorer failed for ${run.label}: ${(out.stderr ?? '').trim().split('\n').pop() ?? ''}`)
      }
      const result: M4RunResult = { ...run, smape: s.smape, mase: s.mase, owa: owa(s, naive2), seconds, reference, models }
      runs.push(result)
      const ref = reference ? `  reference scorer: sMAPE ${reference.smape.toFixed(3)} MASE ${reference.mase.toFixed(3)} OWA ${reference.owa.toFixed(3)}` : ''
      log(`  ${run.label.padEnd(18)} sMAPE ${s.smape.toFixed(3).padStart(7)}  MASE ${s.mase.toFixed(3).padStart(6)}  OWA ${result.owa.toFixed(3)}  ${seconds.toFixed(1).padStart(6)} s${ref}`)
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  return { series: ids.length, horizon: H, m: M, naive2, runs, referenceNote, published: PUBLISHED_M4_HOURLY }
}
