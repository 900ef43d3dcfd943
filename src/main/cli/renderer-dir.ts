// Where the built renderer (out/renderer) is, seen from this module's bundle: the CLI entry
// lives in out/main/, commands loaded on demand in out/main/chunks/.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The built renderer folder, or null when the UI has not been built (npm run build). */
export function builtRendererDir(from: string = __dirname): string | null {
  for (const dir of [join(from, '../renderer'), join(from, '../../renderer')]) {
    if (existsSync(join(dir, 'index.html'))) return dir
  }
  return null
}
