// PostgreSQL and connection errors → messages a user can act on. pg's messages never contain
// the password, and `where` is built from host, port and database only.
import pg from 'pg'

export interface PgErrorContext {
  /** host:port/database, for connection messages. */
  where: string
  query: string
  statementTimeoutMs: number
}

/** A message for an error while connecting. */
export function describeConnectError(err: unknown, c: PgErrorContext): string {
  return `cannot connect to ${c.where}: ${messageOf(err)}`
}

/** A message for an error while running the query. */
export function describeQueryError(err: unknown, c: PgErrorContext): string {
  if (!(err instanceof pg.DatabaseError)) return `the connection to ${c.where} failed during the query: ${messageOf(err)}`
  if (err.code === '25006') return `the query tried to write (${err.message}); sql sources run queries read-only`
  if (err.code === '57014') return `the query ran longer than ${c.statementTimeoutMs} ms and was cancelled (statement_timeout, derived from the source timeout)`
  let text = `the query failed: ${err.message} (SQLSTATE ${err.code})`
  const at = Number(err.position)
  if (Number.isInteger(at) && at > 0) text += ` at ${lineColumn(c.query, at - 1)} of the query`
  if (err.hint) text += `; hint: ${err.hint}`
  return text
}

/** host:port/database of a connection string, without user or password. */
export function connectionWhere(connectionString: string): string {
  try {
    const u = new URL(connectionString)
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`
  } catch {
    return 'the database'
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name
  return String(err)
}
