// Parameterised SQL on one DuckDB connection: statements are prepared once per SQL text and
// every value is bound, never spliced into the text. One task at a time per instance (the
// store's queues and reader pool see to it): a prepared statement holds its bindings.
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBResultReader, DuckDBType, DuckDBValue } from '@duckdb/node-api'

export type Params = Record<string, DuckDBValue>
export type ParamTypes = Record<string, DuckDBType>

export class Sql {
  private readonly prepared = new Map<string, DuckDBPreparedStatement>()

  constructor(readonly connection: DuckDBConnection) {}

  /** Runs a statement (DDL or DML) and returns the number of rows it changed. */
  async exec(sql: string, params?: Params, types?: ParamTypes): Promise<number> {
    if (!params) {
      const result = await this.connection.run(sql)
      return result.rowsChanged
    }
    const stmt = await this.statement(sql)
    stmt.clearBindings()
    stmt.bind(params, types)
    const result = await stmt.run()
    return result.rowsChanged
  }

  /** Runs a query and returns its rows as arrays of DuckDB values. */
  async rows(sql: string, params?: Params, types?: ParamTypes): Promise<DuckDBValue[][]> {
    if (!params) {
      const reader = await this.connection.runAndReadAll(sql)
      return reader.getRows()
    }
    const stmt = await this.statement(sql)
    stmt.clearBindings()
    stmt.bind(params, types)
    const reader = await stmt.runAndReadAll()
    return reader.getRows()
  }

  /**
   * Runs a query and returns its result column by column (one array per column, even when no row
   * came back): cheaper than rows for long results read field by field.
   */
  async columns(sql: string, params?: Params, types?: ParamTypes): Promise<DuckDBValue[][]> {
    let reader: DuckDBResultReader
    if (!params) reader = await this.connection.runAndReadAll(sql)
    else {
      const stmt = await this.statement(sql)
      stmt.clearBindings()
      stmt.bind(params, types)
      reader = await stmt.runAndReadAll()
    }
    const columns = reader.getColumns()
    while (columns.length < reader.columnCount) columns.push([])
    return columns
  }

  /** Runs `body` inside BEGIN/COMMIT; rolls back and rethrows when it fails. */
  async transaction<T>(body: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION')
    let result: T
    try {
      result = await body()
    } catch (err) {
      await this.rollbackQuietly()
      throw err
    }
    try {
      await this.connection.run('COMMIT')
    } catch (err) {
      await this.rollbackQuietly()
      throw err
    }
    return result
  }

  /** Frees the prepared statements. */
  close(): void {
    for (const stmt of this.prepared.values()) stmt.destroySync()
    this.prepared.clear()
  }

  private async statement(sql: string): Promise<DuckDBPreparedStatement> {
    let stmt = this.prepared.get(sql)
    if (!stmt) {
      stmt = await this.connection.prepare(sql)
      this.prepared.set(sql, stmt)
    }
    return stmt
  }

  private async rollbackQuietly(): Promise<void> {
    try {
      await this.connection.run('ROLLBACK')
    } catch {
      // Already rolled back by DuckDB (a failed COMMIT aborts the transaction itself).
    }
  }
}

/** Converts a DuckDB integer result (bigint or number) to a JS number. */
export function toNumber(value: DuckDBValue): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  throw new Error(`expected a number from the database, got ${typeof value}`)
}
