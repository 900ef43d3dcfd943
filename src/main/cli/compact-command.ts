// `vigil compact [--data-dir DIR]`: rewrites a stopped Vigil's database with only its live rows, so
// data deleted by retention is gone from the file's bytes too (see src/main/store/compact.ts).
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { compactDatabaseFile } from '../store/compact'
import { CliError } from './cli-error'
import { defaultDataDir } from './data-dir'

/** Compacts the data dir's database; exit 0 with the sizes, or a CliError saying why not (e.g. Vigil still running). */
export async function runCompactCommand(argv: string[], env: NodeJS.ProcessEnv = process.env, out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true, allowPositionals: false })
  const dataDir = values['data-dir'] ?? defaultDataDir(env)
  let result
  try {
    result = await compactDatabaseFile(join(dataDir, 'vigil.duckdb'))
  } catch (err) {
    throw new CliError((err as Error).message, 1)
  }
  const mb = (n: number): string => `${(n / 1_048_576).toFixed(1)} MB`
  out(`compacted ${join(dataDir, 'vigil.duckdb')}: ${mb(result.bytesBefore)} → ${mb(result.bytesAfter)}`)
  return 0
}
