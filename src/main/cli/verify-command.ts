// `vigil verify FILE.vigil`: checks an archive (structure, checksums, signature); exit 0 with a
// summary, or exit 2 listing every problem.
import { resolve } from 'node:path'
import { verifyArchive, type VerifyResult } from '../archive/verify-archive'
import { CliError } from './cli-error'
import type { ProgressSink } from './progress-bar'

export interface VerifyIO {
  stdout: ProgressSink
  stderr: ProgressSink
}

/** Runs `vigil verify`; resolves 0 when the archive is sound, 2 when not. */
export async function runVerifyCommand(argv: string[], io: VerifyIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) throw new CliError('usage: vigil verify FILE.vigil')
  const path = resolve(argv[0])
  const result = await verifyArchive(path)
  if (!result.ok) {
    io.stderr.write(`${path}: NOT OK, ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:\n`)
    for (const p of result.problems) io.stderr.write(`  - ${p}\n`)
    return 2
  }
  io.stdout.write(verifySummary(path, result))
  return 0
}

/** The summary printed for a sound archive. */
export function verifySummary(path: string, r: VerifyResult): string {
  const m = r.manifest!
  const iso = (t: number): string => new Date(t).toISOString()
  const rows = m.members.filter((x) => x.rows !== undefined).map((x) => `${x.path.replace(/^data\//, '').replace(/\.parquet$/, '')} ${x.rows!.toLocaleString('en-US')}`)
  return [
    `${path}: OK`,
    `  range:     ${iso(m.range.from)} → ${iso(m.range.to)}${m.seriesFilter ? ` (series ${m.seriesFilter})` : ''}`,
    `  created:   ${iso(m.createdAt)} by Vigil ${m.appVersion}; sources: ${m.sources.map((s) => `${s.id}/${s.kind}`).join(', ') || 'none'}`,
    `  members:   ${m.members.length} + manifest, ${r.bytes.toLocaleString('en-US')} bytes, every SHA-256 matches`,
    `  rows:      ${rows.join(', ')}`,
    `  signature: ${r.signed ? `signed (Ed25519), key ${r.keyFingerprint}` : 'unsigned'}`,
    ''
  ].join('\n')
}
