// `vigil forecast`: forecasts every series of an M4-style wide CSV and writes `id,F1..FH`.
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { forecastSeries } from '../analytics/forecast/index'
import type { ForecastModelName } from '../analytics/forecast/types'
import { MAX_HORIZON, MODEL_NAMES } from '../analytics/forecast/validate'
import { parseWideCsv } from '../analytics/forecast/wide-csv'
import { CliError } from './cli-error'

export const FORECAST_USAGE = `usage: vigil forecast --train FILE --horizon H --season M[,M2...] [--model ${MODEL_NAMES.join('|')}] --out FILE
  --train FILE    M4-style wide CSV: id, then the values (rows may differ in length; header optional)
  --horizon H     steps to forecast (1-${MAX_HORIZON})
  --season M      seasonal period(s), e.g. 24 or 24,168; 1 = none (M4 convention)
  --model NAME    model family (default auto)
  --out FILE      where to write id,F1..FH`

interface ForecastArgs {
  train: string
  horizon: number
  periods: number[]
  model: ForecastModelName
  out: string
}

/** Parses `forecast` flags; throws CliError naming the flag that is wrong or missing. */
export function parseForecastArgs(argv: string[]): ForecastArgs {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: { train: { type: 'string' }, horizon: { type: 'string' }, season: { type: 'string' }, model: { type: 'string', default: 'auto' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false
    }).values
  } catch (e) {
    throw new CliError(`${(e as Error).message}\n\n${FORECAST_USAGE}`)
  }
  for (const flag of ['train', 'horizon', 'season', 'out']) {
    if (values[flag] === undefined || values[flag] === '') throw new CliError(`missing --${flag}\n\n${FORECAST_USAGE}`)
  }
  const horizon = Number(values.horizon)
  if (!/^\d+$/.test(values.horizon!) || horizon < 1 || horizon > MAX_HORIZON) throw new CliError(`--horizon: expected an integer from 1 to ${MAX_HORIZON}, got "${values.horizon}"`)
  const periods: number[] = []
  for (const part of values.season!.split(',')) {
    const p = Number(part.trim())
    if (!/^\d+$/.test(part.trim()) || p < 1) throw new CliError(`--season: expected integers ≥ 1 separated by commas (1 = no seasonality), got "${values.season}"`)
    if (p >= 2) periods.push(p)
  }
  const model = values.model as ForecastModelName
  if (!MODEL_NAMES.includes(model)) throw new CliError(`--model: expected one of ${MODEL_NAMES.join(', ')}, got "${values.model}"`)
  return { train: values.train!, horizon, periods, model, out: values.out! }
}

/** Runs `vigil forecast`; returns the exit code (0) or throws CliError for usage and input errors. */
export async function runForecastCommand(argv: string[]): Promise<number> {
  const args = parseForecastArgs(argv)
  const t0 = performance.now()
  let text: string
  try {
    text = readFileSync(args.train, 'utf8')
  } catch (e) {
    throw new CliError(`--train: cannot read ${args.train}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  let series
  try {
    series = parseWideCsv(text, args.train)
  } catch (e) {
    throw new CliError((e as Error).message)
  }
  const lines = [['id', ...Array.from({ length: args.horizon }, (_, i) => `F${i + 1}`)].join(',')]
  for (const s of series) {
    let mean: number[]
    try {
      mean = forecastSeries(s.values, { horizon: args.horizon, seasonalPeriods: args.periods, model: args.model, levels: [95] }).mean
    } catch (e) {
      throw new CliError(`${args.train} line ${s.line}: series "${s.id}": ${(e as Error).message}`)
    }
    lines.push([csvCell(s.id), ...mean.map((v) => String(Number(v.toPrecision(10))))].join(','))
  }
  try {
    writeFileSync(args.out, lines.join('\n') + '\n')
  } catch (e) {
    throw new CliError(`--out: cannot write ${args.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  const seconds = (performance.now() - t0) / 1000
  const season = args.periods.length > 0 ? args.periods.join(',') : 'none'
  process.stderr.write(`forecast: ${series.length} series, h=${args.horizon}, season ${season}, model ${args.model}: ${seconds.toFixed(2)} s → ${args.out}\n`)
  return 0
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
