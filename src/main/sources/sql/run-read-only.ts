// Runs the user's query inside a READ ONLY transaction that is always rolled back, with a
// statement timeout. The extended protocol allows a single statement only, so a query such as
// "COMMIT; INSERT ..." cannot end the read-only transaction and write.
import type pg from 'pg'

export interface TabularResult {
  /** Column names in result order. */
  columns: string[]
  rows: unknown[][]
}

/** Runs `text` with `values` read-only; rolls back whatever happens. */
export async function runReadOnly(client: pg.Client, text: string, values: unknown[], statementTimeoutMs: number): Promise<TabularResult> {
  await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMs))}; SET LOCAL datestyle = 'ISO, YMD'`)
  let failed = false
  try {
    const query = { text, values, rowMode: 'array' as const, queryMode: 'extended' }
    const res = await client.query<unknown[]>(query as pg.QueryArrayConfig)
    return { columns: res.fields.map((f) => f.name), rows: res.rows }
  } catch (err) {
    failed = true
    throw err
  } finally {
    try {
      await client.query('ROLLBACK')
    } catch (rollbackError) {
      // After a failed query the connection may be gone; the query's own error is the one to report.
      if (!failed) throw rollbackError
    }
  }
}
