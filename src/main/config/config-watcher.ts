// Reloads vigil.yaml when it changes. Watches the directory (editors often replace the file
// by rename) and compares content, so a touch without a change does nothing.
import { watch, type FSWatcher } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import type { VigilConfig } from '@shared/config/schema'
import { ConfigError } from './config-error'
import { parseConfigText } from './parse-config'

export interface ConfigWatcherOptions {
  path: string
  /** The text the engine is currently running on. */
  initialText: string
  onChange(config: VigilConfig, text: string): void | Promise<void>
  onError(error: ConfigError): void
  debounceMs?: number
}

/** Starts watching; returns a stop function. */
export function watchConfig(opts: ConfigWatcherOptions): () => void {
  const file = basename(opts.path)
  let lastText = opts.initialText
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let chain: Promise<void> = Promise.resolve()

  const check = async (): Promise<void> => {
    let text: string
    try {
      text = await readFile(opts.path, 'utf8')
    } catch {
      return // mid-rename or deleted: keep running on the last good config
    }
    if (stopped || text === lastText) return
    lastText = text
    try {
      const config = parseConfigText(text, opts.path)
      await opts.onChange(config, text)
    } catch (err) {
      if (err instanceof ConfigError) opts.onError(err)
      else opts.onError(new ConfigError(opts.path, [{ path: '', message: (err as Error).message }]))
    }
  }

  let watcher: FSWatcher | null = null
  try {
    watcher = watch(dirname(opts.path), (_event, name) => {
      if (name !== null && name !== file) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        chain = chain.then(check)
      }, opts.debounceMs ?? 200)
    })
    watcher.on('error', () => undefined)
  } catch {
    watcher = null // directory not watchable (e.g. read-only mount): reload needs a restart
  }

  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    watcher?.close()
  }
}
