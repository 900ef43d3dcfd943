// Runs the user's query inside a READ ONLY transaction that is always rolled back, with a
// statement timeout. The extended protocol allows a single statement only, so a query such as
// "COMMIT; INSERT ..." cannot end the read-only transaction and write.
import pg from 'pg'

/** Most rows one poll takes; more means the query needs a WHERE, a LIMIT or `incremental`. Rows past it are read and dropped, so memory stays bounded. */
export const MAX_ROWS = 500_000

export interface TabularResult {
  /** Column names in result order. */
  columns: string[]
  rows: unknown[][]
}

/** Runs `text` with `values` read-only; rolls back whatever happens; refuses results over `maxRows` rows. */
export async function runReadOnly(client: pg.Client, text: string, values: unknown[], statementTimeoutMs: number, maxRows = MAX_ROWS): Promise<TabularResult> {
  await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMs))}; SET LOCAL datestyle = 'ISO, YMD'`)
  let failed = false
  try {
    const result = await queryBounded(client, text, values, maxRows)
    if (result.total > maxRows) {
      throw new Error(`the query returned ${result.total} rows, more than the limit of ${maxRows} per poll; narrow it (WHERE, LIMIT) or use incremental: true`)
    }
    return { columns: result.columns, rows: result.rows }
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

/** Streams the rows (a 'row' listener stops pg from keeping them all), keeping the first `maxRows`. */
function queryBounded(client: pg.Client, text: string, values: unknown[], maxRows: number): Promise<TabularResult & { total: number }> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query<unknown[]>({ text, values, rowMode: 'array', queryMode: 'extended' } as pg.QueryArrayConfig)
    const rows: unknown[][] = []
    let total = 0
    query.on('row', (row: unknown[]) => {
      total++
      if (total <= maxRows) rows.push(row)
    })
    query.on('end', (res: pg.QueryResult) => resolve({ columns: res.fields.map((f) => f.name), rows, total }))
    query.on('error', reject)
    client.query(query)
  })
}
