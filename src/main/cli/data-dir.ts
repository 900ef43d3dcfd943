// Where `vigil` keeps its database and config when --data-dir is not given.
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The platform's per-user data folder for Vigil (XDG on Linux, Application Support on macOS, %APPDATA% on Windows). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.VIGIL_DATA_DIR) return env.VIGIL_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'vigil')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'vigil')
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'vigil')
}
