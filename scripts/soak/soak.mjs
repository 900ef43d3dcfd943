#!/usr/bin/env node
// `npm run soak -- --hours H --speed X`: runs the wallboard for H simulated hours at X× real time
// and reports memory trends, event-loop delay and stale-data banners (see run-soak.mjs).
// Writes samples.csv, summary.json and summary.txt to --out (default soak-results/<time>/).
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { runSoak, summaryText } from './run-soak.mjs'

const USAGE = `usage: npm run soak -- --hours H --speed X [--sample-every S] [--rotate S] [--backfill 7d] [--out DIR] [--keep-data]
  --hours H         simulated hours to run (real time = H / X hours)
  --speed X         engine clock speed-up (vigil serve --speed), 1-3600
  --sample-every S  real seconds between samples (default 15)
  --rotate S        wallboard playlist interval, real seconds (default 20)
  --backfill D      demo history written at start (default 7d)
  --backfill-step D spacing of that history (default 15s, as dense as the live data, so chart
                    windows start full; 5m is the shipped default config's step)
  --warmup F        share of the first samples left out of the trend (default 0.2)
  --out DIR         where samples.csv and the summary go (default soak-results/<time>)
  --keep-data       keep the data dir (DuckDB file) after the run
  --heap-snapshots  write the page's heap snapshot at the end of warm-up and at the end to --out
                    (compare them with: node scripts/soak/heap-diff.mjs A B)`

function positive(name, text) {
  const n = Number(text)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got "${text}"\n\n${USAGE}`)
  return n
}

async function main() {
  const { values } = parseArgs({
    options: {
      hours: { type: 'string' },
      speed: { type: 'string' },
      'sample-every': { type: 'string', default: '15' },
      rotate: { type: 'string', default: '20' },
      backfill: { type: 'string', default: '7d' },
      'backfill-step': { type: 'string', default: '15s' },
      warmup: { type: 'string', default: '0.2' },
      out: { type: 'string' },
      'keep-data': { type: 'boolean', default: false },
      'heap-snapshots': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (values.hours === undefined || values.speed === undefined) throw new Error(`--hours and --speed are required\n\n${USAGE}`)
  const warmup = Number(values.warmup)
  if (!(warmup >= 0 && warmup < 1)) throw new Error(`--warmup: expected a fraction in [0, 1), got "${values.warmup}"`)
  if (!/^\d+[smhd]$/.test(values.backfill)) throw new Error(`--backfill: expected a duration such as 7d or 12h, got "${values.backfill}"`)
  if (!/^\d+[smhd]$/.test(values['backfill-step'])) throw new Error(`--backfill-step: expected a duration such as 15s or 5m, got "${values['backfill-step']}"`)
  const outDir = values.out ?? join('soak-results', new Date().toISOString().replace(/[:.]/g, '-'))
  const { summary } = await runSoak({
    hours: positive('hours', values.hours),
    speed: positive('speed', values.speed),
    sampleEveryS: positive('sample-every', values['sample-every']),
    rotateS: positive('rotate', values.rotate),
    backfill: values.backfill,
    backfillStep: values['backfill-step'],
    warmupFraction: warmup,
    outDir,
    keepDataDir: values['keep-data'],
    heapSnapshots: values['heap-snapshots']
  })
  for (const line of summaryText(summary)) console.log(line)
  console.log(`  results: ${outDir}/samples.csv, summary.json, summary.txt`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`soak: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
)
