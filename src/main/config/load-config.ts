// Reads vigil.yaml from disk (writing the embedded default on first run).
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { VigilConfig } from '@shared/config/schema'
import { ConfigError } from './config-error'
import { DEFAULT_CONFIG_YAML } from './default-config'
import { parseConfigText } from './parse-config'

/** Loads and validates a config file; throws ConfigError naming the file, line and key path. */
export async function loadConfigFile(path: string): Promise<VigilConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : (err as Error).message
    throw new ConfigError(path, [{ path: '', message: `cannot read config: ${why}` }])
  }
  return parseConfigText(text, path)
}

/** Writes the embedded default config to path unless a file is already there; returns true if written. */
export async function ensureDefaultConfig(path: string): Promise<boolean> {
  if (existsSync(path)) return false
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, DEFAULT_CONFIG_YAML, { flag: 'wx' })
  return true
}
