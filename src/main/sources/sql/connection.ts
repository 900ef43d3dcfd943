// One PostgreSQL connection per sql source, opened on first use and reused across polls. It is
// replaced when the connection string changes (e.g. a rotated secret) and dropped after an
// error or an aborted poll, so the next poll starts clean.
import pg from 'pg'
import { sendCancelRequest } from './cancel-request'

// Dates and times are kept as text and parsed by parseTimestamp, which treats a time without
// zone as UTC (pg's default parser would use the machine's local zone).
const TEXT_TYPE_OIDS = new Set([1082 /* date */, 1114 /* timestamp */, 1184 /* timestamptz */])
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    TEXT_TYPE_OIDS.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser']
}

export class PgConnection {
  private client: pg.Client | null = null
  private connectedWith: string | null = null
  /** The client still connecting, so an abort can stop a connect that hangs. */
  private pending: pg.Client | null = null

  constructor(private readonly connectTimeoutMs: number) {}

  /** A connected client for `connectionString`; connects (or reconnects) when needed. */
  async acquire(connectionString: string): Promise<pg.Client> {
    if (this.client && this.connectedWith === connectionString) return this.client
    await this.discard()
    const client = new pg.Client({
      connectionString,
      connectionTimeoutMillis: this.connectTimeoutMs,
      application_name: 'vigil',
      types: typeParsers
    })
    // An idle connection that breaks (server restart) must not crash the process; the next poll reconnects.
    client.on('error', () => {
      if (this.client === client) void this.discard()
    })
    this.pending = client
    try {
      await client.connect()
    } catch (err) {
      await client.end().catch(() => undefined)
      throw err
    } finally {
      if (this.pending === client) this.pending = null
    }
    this.client = client
    this.connectedWith = connectionString
    return client
  }

  /** Asks the server to cancel the running query, then closes the connection (or stops connecting); used when a poll is aborted. */
  async abort(): Promise<void> {
    const connecting = this.pending
    this.pending = null
    // A connect that hangs (server accepts, never answers) ends here instead of at its own timeout.
    if (connecting) await connecting.end().catch(() => undefined)
    const client = this.client
    // pg sets these from the server's BackendKeyData; they are not in its type declarations.
    const key = client as unknown as { processID?: number | null; secretKey?: number | null } | null
    const cancel =
      client && typeof key?.processID === 'number' && typeof key.secretKey === 'number'
        ? sendCancelRequest({ host: client.host, port: client.port, processID: key.processID, secretKey: key.secretKey })
        : Promise.resolve()
    await Promise.all([cancel, this.discard()])
  }

  /** Closes the current connection (interrupting a running query); the next acquire reconnects. */
  async discard(): Promise<void> {
    const client = this.client
    this.client = null
    this.connectedWith = null
    if (client) await client.end().catch(() => undefined)
  }

  /** Releases the connection for good. */
  async close(): Promise<void> {
    await this.discard()
  }
}
