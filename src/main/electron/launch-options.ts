// What the desktop app takes from its command line: --config, --data-dir, --kiosk, --archive.
import { resolve } from 'node:path'

export interface LaunchOptions {
  /** Folder for the database and (by default) vigil.yaml. */
  dataDir: string
  /** Explicit config file; undefined means the engine's default, <dataDir>/vigil.yaml. */
  configPath?: string
  /** Wallboard mode: full screen, no menu. */
  kiosk: boolean
  /** Review mode: open this `.vigil` archive read-only instead of the live data dir. */
  archivePath?: string
}

/** Reads the value of a "--name VALUE" or "--name=VALUE" flag; throws when the value is missing. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === `--${name}`) {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value (e.g. --${name} ${name === 'data-dir' ? 'DIR' : 'FILE'})`)
      value = next
      i++
    } else if (arg.startsWith(`--${name}=`)) {
      value = arg.slice(name.length + 3)
      if (value === '') throw new Error(`--${name}= needs a value`)
    }
  }
  return value
}

/**
 * Resolves the launch options from the process arguments; relative paths are taken from cwd.
 * The data folder is --data-dir, else $VIGIL_DATA_DIR (shared with `vigil serve`), else Electron's userData.
 */
export function parseLaunchOptions(
  argv: readonly string[],
  userDataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd()
): LaunchOptions {
  const dataDirFlag = flagValue(argv, 'data-dir')
  const configFlag = flagValue(argv, 'config')
  const archiveFlag = flagValue(argv, 'archive')
  const dataDir = dataDirFlag !== undefined ? resolve(cwd, dataDirFlag) : env.VIGIL_DATA_DIR ? resolve(cwd, env.VIGIL_DATA_DIR) : userDataDir
  return {
    dataDir,
    ...(configFlag !== undefined ? { configPath: resolve(cwd, configFlag) } : {}),
    kiosk: argv.includes('--kiosk'),
    ...(archiveFlag !== undefined ? { archivePath: resolve(cwd, archiveFlag) } : {})
  }
}

/** The arguments that relaunch the app on an archive: the current ones without any --archive, then `--archive FILE`. */
export function relaunchArgs(argv: readonly string[], archivePath: string): string[] {
  const kept: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--archive') {
      i++ // its value goes too
      continue
    }
    if (argv[i].startsWith('--archive=')) continue
    kept.push(argv[i])
  }
  return [...kept, '--archive', archivePath]
}

