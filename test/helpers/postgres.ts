// A PostgreSQL server for tests: VIGIL_TEST_PG_URL when set (e.g. started by CI), otherwise a
// throw-away cluster from the Debian binaries on a free loopback port, in a temp folder. As
// root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startProcess, waitFor } from './child-process'
import { freePort } from './free-port'

export interface RunningPostgres {
  /** Connection URL with password, e.g. postgres://vigil:pw@127.0.0.1:5433/postgres */
  url: string
  /** True when this helper started the server (so auth settings are known: password required). */
  ownServer: boolean
  stop(): Promise<void>
}

/** The folder with initdb and postgres: PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string | null {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length > 0 ? join(root, versions[0], 'bin') : null
}

/** The programs the helper needs when VIGIL_TEST_PG_URL is not set. */
export function postgresPrograms(): string[] {
  if (process.env.VIGIL_TEST_PG_URL) return []
  const bin = postgresBinDir() ?? '/usr/lib/postgresql/<version>/bin'
  return [join(bin, 'initdb'), join(bin, 'postgres')]
}

/** Starts (or attaches to) PostgreSQL and resolves once it accepts connections. */
export async function startPostgres(): Promise<RunningPostgres> {
  const external = process.env.VIGIL_TEST_PG_URL
  if (external) return { url: external, ownServer: false, stop: async () => undefined }
  const bin = postgresBinDir()
  if (!bin) throw new Error('PostgreSQL binaries not found (apt-get install postgresql, or set PG_BIN)')

  const dir = await mkdtemp(join(tmpdir(), 'vigil-pg-'))
  const owner = runAsUser()
  if (owner) await chown(dir, owner.uid, owner.gid)
  const password = `pw-${Math.random().toString(36).slice(2)}`
  const pwfile = join(dir, 'pwfile')
  await writeFile(pwfile, password, { mode: 0o600 })
  if (owner) await chown(pwfile, owner.uid, owner.gid)
  const spawnOptions = { ...owner, cwd: dir, env: { ...process.env, LC_ALL: 'C' } }

  try {
    const initdb = startProcess(
      join(bin, 'initdb'),
      ['-D', join(dir, 'data'), '-U', 'vigil', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--locale=C', '--encoding=UTF8', '--no-sync'],
      spawnOptions
    )
    const code = await initdb.exited
    if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${initdb.output()}`)
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }

  const port = await freePort()
  const server = startProcess(
    join(bin, 'postgres'),
    ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=30'],
    spawnOptions
  )
  const url = `postgres://vigil:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
  const stop = async (): Promise<void> => {
    await server.stop('SIGINT')
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitFor('postgres accepting connections', server, 60_000, async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
      try {
        await client.connect()
        return true
      } finally {
        await client.end().catch(() => undefined)
      }
    })
  } catch (err) {
    await stop()
    throw err
  }
  return { url, ownServer: true, stop }
}

/** Runs `sql` (e.g. table setup) on a fresh connection. */
export async function runSql(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(sql, values)
  } finally {
    await client.end()
  }
}

/** uid/gid of the `postgres` user when running as root (PostgreSQL refuses root), else undefined. */
function runAsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  if (!line) throw new Error('running as root but there is no "postgres" user to run PostgreSQL as')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}
