// Where Chromium is: CHROMIUM_PATH when set, else the usual system locations (Debian's
// /usr/bin/chromium first). Playwright's own browser download is not assumed.
import { existsSync } from 'node:fs'

/** The message when no Chromium can print a report. */
export const CHROMIUM_MISSING = 'Chromium not found: install chromium or set CHROMIUM_PATH'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** The Chromium executable to use, or null when there is none. A CHROMIUM_PATH that does not exist is an error. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string | null {
  const given = env.CHROMIUM_PATH?.trim()
  if (given) {
    if (!exists(given)) throw new Error(`CHROMIUM_PATH is "${given}", but there is no such file (${CHROMIUM_MISSING})`)
    return given
  }
  return CANDIDATES.find((p) => exists(p)) ?? null
}
