// Which files a csv source reads: one path or a glob, relative to the config file's folder.
import { stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { glob, isDynamicPattern } from 'tinyglobby'

/** Absolute paths of the files `pattern` names, sorted; throws when there are none. */
export async function listCsvFiles(pattern: string, configDir: string): Promise<string[]> {
  if (!isDynamicPattern(pattern)) {
    const file = resolve(configDir, pattern)
    const info = await stat(file).catch(() => null)
    if (!info) throw new Error(`file not found: ${file}`)
    if (!info.isFile()) throw new Error(`not a file: ${file}`)
    return [file]
  }
  const files = await glob([pattern], { cwd: configDir, absolute: true, onlyFiles: true, dot: false })
  if (files.length === 0) throw new Error(`no file matches "${pattern}" (in ${configDir})`)
  return files.map((f) => resolve(f)).sort()
}

/** A file's name as messages show it: relative to the config folder when inside it. */
export function displayName(file: string, configDir: string): string {
  const rel = relative(configDir, file)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file
}
