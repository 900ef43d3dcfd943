// The sql source (PostgreSQL): each poll runs the configured query read-only and maps its rows.
// With `incremental`, $1 is the largest timestamp already written, saved only after the
// samples are durable, so a failed write re-reads rather than skips rows.
import pg from 'pg'
import type { SourceConfigOf } from '@shared/config/schema'
import type { Source, SourceContext, SourceFactory } from '../source'
import { SecretStrings } from '../common/secret-strings'
import { abortReason, messageOf, sourceError, sourceTag } from '../common/source-error'
import { PgConnection } from './connection'
import { connectionWhere, describeConnectError, describeQueryError, type PgErrorContext } from './describe-pg-error'
import { mapResult } from './map-result'
import { runReadOnly, type TabularResult } from './run-read-only'

type SqlConfig = SourceConfigOf<'sql'>

/** State key of the incremental cursor (epoch ms of the newest row written). */
export const CURSOR_KEY = 'cursor'

/** The statement timeout: 90% of the poll timeout, so PostgreSQL cancels the query (with a clear error) before the engine aborts the poll. */
export function statementTimeoutFor(pollTimeoutMs: number): number {
  return Math.max(100, Math.floor(pollTimeoutMs * 0.9))
}

/** Creates a PostgreSQL sql source from its config. */
export const createSqlSource: SourceFactory<SqlConfig> = (config, deps) => {
  const secrets = new SecretStrings(deps)
  const tag = sourceTag(config)
  const statementTimeoutMs = statementTimeoutFor(config.timeout)
  // Connecting gets the same share of the poll timeout, so a server that accepts and never answers fails with the source's own message.
  const connection = new PgConnection(statementTimeoutMs)
  const fail = (message: string, cause?: unknown): Error => sourceError(config, secrets.scrub(message), cause)
  // Polls never overlap on the one connection (BEGIN … ROLLBACK must not interleave).
  let previous: Promise<unknown> = Promise.resolve()

  /** Connects if needed and runs the query read-only; an aborted poll also cancels the query on the server. */
  const fetchRows = async (ctx: SourceContext, connectionString: string, values: unknown[], errorContext: PgErrorContext): Promise<TabularResult> => {
    const aborted = (cause?: unknown): Error => fail(`query aborted: ${abortReason(ctx.signal)}`, cause)
    const onAbort = (): void => void connection.abort()
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    try {
      if (ctx.signal.aborted) throw aborted()
      let client
      try {
        client = await connection.acquire(connectionString)
      } catch (err) {
        throw ctx.signal.aborted ? aborted(err) : fail(describeConnectError(err, errorContext), err)
      }
      // Aborted while connecting: the abort handler found no connection to close, so stop here.
      if (ctx.signal.aborted) throw aborted()
      try {
        return await runReadOnly(client, config.query, values, statementTimeoutMs)
      } catch (err) {
        if (ctx.signal.aborted) throw aborted(err)
        // A server-reported error leaves the connection usable; anything else (reset, closed) does not.
        if (!(err instanceof pg.DatabaseError)) await connection.discard()
        throw fail(describeQueryError(err, errorContext), err)
      }
    } finally {
      ctx.signal.removeEventListener('abort', onAbort)
    }
  }

  const pollOnce: Source['poll'] = async (ctx) => {
    let connectionString: string
    try {
      connectionString = secrets.expand(config.connection, 'connection')
    } catch (err) {
      throw fail(messageOf(err))
    }
    rememberUrlPassword(connectionString, secrets)
    if (config.incremental && !/\$1(?!\d)/.test(config.query)) {
      throw fail('incremental is true, so the query must use $1 (the last timestamp seen), e.g. "WHERE ts > $1"')
    }
    const errorContext: PgErrorContext = { where: connectionWhere(connectionString), query: config.query, statementTimeoutMs }
    const cursor = config.incremental ? validCursor(await ctx.state.get<unknown>(CURSOR_KEY)) : null
    const values = cursor === null ? [] : [new Date(cursor).toISOString()]

    const result = await fetchRows(ctx, connectionString, values, errorContext)

    let mapped
    try {
      mapped = mapResult(result, config)
    } catch (err) {
      throw fail(messageOf(err))
    }
    for (const p of mapped.problems) ctx.warn(`${tag}: ${p}`)
    if (mapped.samples.length > 0) await ctx.write(mapped.samples)
    if (cursor !== null && mapped.maxTs !== null && mapped.maxTs > cursor) await ctx.state.set(CURSOR_KEY, mapped.maxTs)
  }

  const source: Source = {
    id: config.id,
    kind: config.kind,
    poll(ctx) {
      const run = previous.then(() => pollOnce(ctx))
      previous = run.catch(() => undefined)
      return run
    },
    async close() {
      await previous
      await connection.close()
    }
  }
  return source
}

/** The saved cursor, or 0 (the epoch) when there is none yet or it is unusable. */
function validCursor(saved: unknown): number {
  return typeof saved === 'number' && Number.isFinite(saved) && saved >= 0 ? saved : 0
}

/** A password written literally in the URL is scrubbed from messages like a secret. */
function rememberUrlPassword(connectionString: string, secrets: SecretStrings): void {
  try {
    const password = new URL(connectionString).password
    if (password) secrets.remember(decodeURIComponent(password))
  } catch {
    // Not a URL: nothing to remember.
  }
}
