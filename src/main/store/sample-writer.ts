// Writes prepared columns and new catalog rows through DuckDB Appenders (data chunks of up to
// 2048 rows for samples). The caller owns the transaction; this only appends and flushes.
import { DOUBLE, DuckDBDataChunk, INTEGER } from '@duckdb/node-api'
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api'
import type { SampleColumns } from './batch'
import type { SeriesEntry } from './catalog'

// ts is handed over as DOUBLE (exact for whole milliseconds below 2^53) and DuckDB casts it
// to the BIGINT column inside the append, which saves a BigInt allocation per sample.
const CHUNK_TYPES = [INTEGER, DOUBLE, DOUBLE]

export class SampleWriter {
  private samples: DuckDBAppender | null = null
  private series: DuckDBAppender | null = null
  private chunk: DuckDBDataChunk | null = null
  private readonly chunkSize = 2048

  constructor(private readonly connection: DuckDBConnection) {}

  /** Appends rows for new series; flushed before the samples that reference them. */
  async writeSeries(entries: readonly SeriesEntry[]): Promise<void> {
    if (entries.length === 0) return
    this.series ??= await this.connection.createAppender('series')
    const a = this.series
    for (const e of entries) {
      a.appendInteger(e.id)
      a.appendVarchar(e.name)
      a.appendVarchar(e.labelsJson)
      if (e.unit === null) a.appendNull()
      else a.appendVarchar(e.unit)
      a.appendVarchar(e.source)
      a.appendBigInt(BigInt(Math.trunc(e.created)))
      a.endRow()
    }
    a.flushSync()
  }

  /** Appends `columns` to the samples table. */
  async writeSamples(columns: SampleColumns): Promise<void> {
    if (columns.length === 0) return
    this.samples ??= await this.connection.createAppender('samples')
    this.chunk ??= DuckDBDataChunk.create(CHUNK_TYPES)
    const a = this.samples
    const chunk = this.chunk
    const { seriesId, ts, value, length } = columns
    for (let offset = 0; offset < length; offset += this.chunkSize) {
      const rows = Math.min(this.chunkSize, length - offset)
      chunk.reset()
      chunk.rowCount = rows
      const sidVec = chunk.getColumnVector(0)
      const tsVec = chunk.getColumnVector(1)
      const valueVec = chunk.getColumnVector(2)
      for (let r = 0; r < rows; r++) {
        sidVec.setItem(r, seriesId[offset + r])
        tsVec.setItem(r, ts[offset + r])
        valueVec.setItem(r, value[offset + r])
      }
      sidVec.flush()
      tsVec.flush()
      valueVec.flush()
      a.appendDataChunk(chunk)
    }
    a.flushSync()
  }

  /** Drops appenders after a failure, so no half-appended rows linger into the next transaction. */
  discard(): void {
    for (const a of [this.samples, this.series]) {
      if (!a) continue
      try {
        a.clear()
        a.closeSync()
      } catch {
        // The appender is unusable either way; a new one is created on the next write.
      }
    }
    this.samples = null
    this.series = null
  }

  /** Closes the appenders (everything has been flushed by each write). */
  close(): void {
    for (const a of [this.samples, this.series]) {
      try {
        a?.closeSync()
      } catch {
        // Nothing buffered: every write flushes before returning.
      }
    }
    this.samples = null
    this.series = null
  }
}
