// Parser throughput of InfluxDB line protocol (the CPU part of /api/write), without HTTP or store.
import { parseLineProtocol } from '../src/main/ingest/line-protocol'

export interface LineProtocolBenchResult {
  linesPerSec: number
  samplesPerSec: number
  lines: number
  samples: number
}

/** Typical Telegraf-style line: two tags, two float fields, ns timestamp. */
export function typicalLine(i: number): string {
  return `cpu,host=h${i % 50},region=eu usage=${(i % 1000) / 10},idle=80.1 ${1_700_000_000_000_000_000 + i * 1_000_000_000}`
}

/** Parses `linesPerBody`-line bodies `rounds` times (after one warm-up pass); reports lines and samples per second. */
export function benchLineProtocolParse(opts: { linesPerBody: number; rounds: number }): LineProtocolBenchResult {
  const lines: string[] = []
  for (let i = 0; i < opts.linesPerBody; i++) lines.push(typicalLine(i))
  const body = lines.join('\n')
  parseLineProtocol(body, 'ns', 0)
  let samples = 0
  const start = process.hrtime.bigint()
  for (let r = 0; r < opts.rounds; r++) {
    const parsed = parseLineProtocol(body, 'ns', 0)
    if (parsed.errors.length > 0) throw new Error(`bench body did not parse: line ${parsed.errors[0].line}: ${parsed.errors[0].message}`)
    samples += parsed.samples.length
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const total = opts.linesPerBody * opts.rounds
  return { linesPerSec: total / seconds, samplesPerSec: samples / seconds, lines: total, samples }
}
