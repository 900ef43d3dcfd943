// `vigil` command line: the headless shell. Runs under plain Node (never imports electron).
import { ConfigError } from './config/config-error'
import { configJsonSchema } from './config/json-schema'
import { loadConfigFile } from './config/load-config'
import { CliError } from './cli/cli-error'
import { runServe } from './cli/serve-command'
import { USAGE } from './cli/usage'
import { APP_VERSION } from './version'

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'serve':
      return runServe(rest, APP_VERSION)
    case 'check': {
      if (rest.length !== 1) throw new CliError('usage: vigil check FILE')
      const cfg = await loadConfigFile(rest[0])
      console.log(`${rest[0]}: valid (${cfg.sources.length} sources: ${cfg.sources.map((s) => `${s.id}/${s.kind}`).join(', ')})`)
      return 0
    }
    case 'schema':
      console.log(JSON.stringify(configJsonSchema(), null, 2))
      return 0
    case 'forecast': {
      const { runForecastCommand } = await import('./cli/forecast-command')
      return runForecastCommand(rest)
    }
    case 'detect': {
      const { runDetectCommand } = await import('./cli/detect-command')
      return runDetectCommand(rest)
    }
    case 'export': {
      const { runExportCommand } = await import('./cli/export-command')
      return runExportCommand(rest, { stdout: process.stdout, stderr: process.stderr, now: Date.now, env: process.env, version: APP_VERSION })
    }
    case 'verify': {
      const { runVerifyCommand } = await import('./cli/verify-command')
      return runVerifyCommand(rest)
    }
    case 'open': {
      const { runOpen } = await import('./cli/open-command')
      return runOpen(rest, APP_VERSION)
    }
    case 'report': {
      const { runReportCommand } = await import('./cli/report-command')
      return runReportCommand(rest, APP_VERSION)
    }
    case 'audit': {
      const { runAuditCommand } = await import('./cli/audit-command')
      return runAuditCommand(rest)
    }
    case 'secret': {
      const { runSecretCommand } = await import('./cli/secret-command')
      return runSecretCommand(rest)
    }
    case 'compact': {
      const { runCompactCommand } = await import('./cli/compact-command')
      return runCompactCommand(rest)
    }
    case 'bench': {
      const { runBench } = await import('./cli/bench-command')
      return runBench(rest)
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE)
      return command === undefined ? 2 : 0
    case '--version':
    case 'version':
      console.log(APP_VERSION)
      return 0
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`)
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError) {
      console.error(`vigil: ${err.message}`)
      process.exit(err.exitCode)
    }
    // The data folder is full or read-only: say so without a stack (the message names the file).
    if (err instanceof Error && err.name === 'StorageError') {
      console.error(`vigil: ${err.message}`)
      process.exit(1)
    }
    if (err instanceof ConfigError) {
      console.error(`vigil: invalid config:\n${err.message}`)
      process.exit(2)
    }
    // Node's parseArgs errors carry a code; show them as usage errors.
    const e = err as { code?: string; message?: string }
    if (e.code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`vigil: ${e.message}\n\n${USAGE}`)
      process.exit(2)
    }
    console.error('vigil: unexpected error:', err)
    process.exit(1)
  }
)
