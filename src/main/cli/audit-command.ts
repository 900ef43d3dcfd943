// `vigil audit verify [--data-dir DIR]` and `vigil audit export [--data-dir DIR] [--from T] [--to T] --out FILE.jsonl|FILE.csv`.
import { existsSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AUDIT_FILE } from '../audit/audit-log'
import { exportAudit, type AuditExportFormat } from '../audit/export-audit'
import { formatVerifyResult, verifyAuditFile } from '../audit/verify-audit'
import { CliError } from './cli-error'
import { defaultDataDir } from './data-dir'
import { parseTimePoint } from '@shared/duration'

export const AUDIT_USAGE =
  'usage: vigil audit verify [--data-dir DIR]\n       vigil audit export [--data-dir DIR] [--from T] [--to T] --out FILE.jsonl|FILE.csv'

export interface AuditCommandIO {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  env: NodeJS.ProcessEnv
  now: () => number
}

const defaultIO: AuditCommandIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, now: Date.now }

/** Runs `vigil audit …`; resolves with the exit code (verify: 0 intact, 2 with the first bad entry). */
export async function runAuditCommand(argv: string[], io: AuditCommandIO = defaultIO): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === 'verify') return verify(rest, io)
  if (sub === 'export') return exportEntries(rest, io)
  throw new CliError(sub === undefined ? AUDIT_USAGE : `unknown audit command "${sub}"\n${AUDIT_USAGE}`)
}

function auditPath(dataDirFlag: string | undefined, env: NodeJS.ProcessEnv): string {
  const dataDir = resolve(dataDirFlag ?? defaultDataDir(env))
  const path = join(dataDir, AUDIT_FILE)
  if (!existsSync(path)) throw new CliError(`no audit log in ${dataDir} (${path} does not exist); pass --data-dir`)
  return path
}

async function verify(argv: string[], io: AuditCommandIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true, allowPositionals: false })
  const path = auditPath(values['data-dir'], io.env)
  const result = await verifyAuditFile(path)
  const line = formatVerifyResult(path, result) + '\n'
  if (result.problem) {
    io.stderr.write(line)
    return 2
  }
  io.stdout.write(line)
  return 0
}

async function exportEntries(argv: string[], io: AuditCommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false
  })
  if (!values.out) throw new CliError(`--out FILE.jsonl or FILE.csv is required\n${AUDIT_USAGE}`)
  const ext = extname(values.out).toLowerCase()
  const format: AuditExportFormat | null = ext === '.jsonl' ? 'jsonl' : ext === '.csv' ? 'csv' : null
  if (format === null) throw new CliError(`--out: expected a file ending in .jsonl or .csv, got "${values.out}"`)
  const now = io.now()
  const from = values.from === undefined ? undefined : timeArg('from', values.from, now)
  const to = values.to === undefined ? undefined : timeArg('to', values.to, now)
  if (from !== undefined && to !== undefined && to <= from) throw new CliError('--to must be after --from')
  const path = auditPath(values['data-dir'], io.env)
  const out = resolve(values.out)
  const result = await exportAudit(path, out, { format, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${out}: ${err.code ?? err.message}`)
  })
  io.stdout.write(`wrote ${out} (${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, ${format})\n`)
  if (result.skipped > 0) io.stderr.write(`audit export: ${result.skipped} line(s) that are not entries were left out; run "vigil audit verify"\n`)
  return 0
}

/** A time flag: epoch ms, ISO 8601, now, now-7d. */
function timeArg(flag: string, text: string, now: number): number {
  const value = parseTimePoint(text, now)
  if (value === null) throw new CliError(`--${flag}: ${JSON.stringify(text)} is not a time (expected epoch ms, ISO 8601 such as 2026-05-01T12:00:00Z, now, or now-7d)`)
  return value
}
