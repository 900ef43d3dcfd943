// The csv source: each poll lists the matching files and imports what is new in each. A file
// with a problem (missing column, unreadable) is reported and skipped; the others still import.
import type { SourceConfigOf } from '@shared/config/schema'
import type { Source, SourceFactory } from '../source'
import { SecretStrings } from '../common/secret-strings'
import { messageOf, sourceError, sourceTag, throwIfAborted } from '../common/source-error'
import { importFile, PollFailure } from './import-file'
import { displayName, listCsvFiles } from './list-files'

type CsvConfig = SourceConfigOf<'csv'>

/** Creates a csv source from its config. */
export const createCsvSource: SourceFactory<CsvConfig> = (config, deps) => {
  const secrets = new SecretStrings(deps)
  const tag = sourceTag(config)

  const source: Source = {
    id: config.id,
    kind: config.kind,
    async poll(ctx) {
      let files: string[]
      try {
        files = await listCsvFiles(secrets.expand(config.path, 'path'), deps.configDir)
      } catch (err) {
        throw sourceError(config, messageOf(err))
      }
      const failures: string[] = []
      for (const file of files) {
        const name = displayName(file, deps.configDir)
        try {
          throwIfAborted(ctx.signal, 'the import')
          await importFile(file, name, config, ctx, (message) => ctx.warn(`${tag}: ${message}`))
        } catch (err) {
          if (err instanceof PollFailure || ctx.signal.aborted) throw sourceError(config, messageOf(err), err)
          failures.push(`${name}: ${messageOf(err)}`)
        }
      }
      if (failures.length > 0 && failures.length === files.length) throw sourceError(config, failures.join('; '))
      for (const f of failures) ctx.warn(`${tag}: ${f}`)
    }
  }
  return source
}
