// Imports what is new in one CSV file of samples (read-new-rows.ts does the incremental reading:
// the whole file the first time or after it was replaced, only appended rows afterwards).
import type { SourceConfigOf } from '@shared/config/schema'
import type { IngestSample } from '@shared/types'
import type { SourceContext } from '../source'
import { planColumns, type ColumnPlan } from '../common/column-plan'
import { mapRow } from '../common/map-row'
import { CHUNK_BYTES, PollFailure, readNewRows } from './read-new-rows'

export { CHUNK_BYTES, PollFailure } from './read-new-rows'

type CsvConfig = SourceConfigOf<'csv'>

export interface ImportResult {
  /** Samples handed to the store. */
  written: number
  /** True when the file was replaced since the last import (and was read again from the start). */
  replaced: boolean
}

/** Imports the new complete rows of `file`, `chunkBytes` at a time; `name` is how messages show it; problems go to `warn`. */
export async function importFile(
  file: string,
  name: string,
  config: CsvConfig,
  ctx: SourceContext,
  warn: (message: string) => void,
  chunkBytes = CHUNK_BYTES
): Promise<ImportResult> {
  let written = 0
  // Planned once per header (a resumed file brings its saved header).
  let columns: { header: string[]; plan: ColumnPlan } | null = null
  const read = await readNewRows<IngestSample>(file, {
    name,
    delimiter: config.delimiter,
    ctx,
    warn,
    chunkBytes,
    handler: {
      header: (cells) => cells,
      row: (cells, header, line, problem) => {
        if (columns?.header !== header) columns = { header, plan: planColumns(header, config) }
        const mapped = mapRow(cells, columns.plan)
        for (const p of mapped.problems) problem(line, p.message)
        return mapped.samples
      },
      write: async (samples) => {
        try {
          await ctx.write(samples)
        } catch (err) {
          throw new PollFailure(`writing samples from ${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
        }
        written += samples.length
      }
    }
  })
  return { written, replaced: read?.replaced ?? false }
}
