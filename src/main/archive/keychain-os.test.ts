// The key source against a real keychain: a private D-Bus session with gnome-keyring's Secret
// Service (unlocked with a throwaway password, its files in a temp HOME), so the user's own keychain
// is never touched. Linux only; needs dbus-run-session, dbus-send and gnome-keyring-daemon (Debian:
// dbus, gnome-keyring): skipped with a reason where missing, a failure when CI is set.
// libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so this file sets it before anything
// here touches the keychain (vitest runs each test file in its own process).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DuckDBStore } from '../store/duckdb-store'
import { tempDir } from '../store/test-support'
import { exportArchive } from './export-archive'
import { osKeychain } from './keychain-entry'
import { KEYCHAIN_SERVICE, keychainAccount, KeychainSigningKeySource } from './keychain-signing-key'
import { fileSigningKey, keyFingerprint, rawPublicKey, SIGNING_KEY_FILE } from './signing'
import { exportOptions, populatedStore } from './test-support'
import { verifyArchive } from './verify-archive'

const has = (program: string): boolean => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0
const missing = process.platform !== 'linux' ? 'Linux only (it starts a private Secret Service)' : ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'].filter((p) => !has(p)).join(', ')
const toolsReason = missing && process.platform === 'linux' ? `needs ${missing} (Debian packages dbus, gnome-keyring)` : missing
if (toolsReason && !process.env.CI) console.log(`keychain-os.test: skipped: ${toolsReason}`)

// Starts gnome-keyring in the foreground (so its pid is known), waits until it owns the Secret
// Service name, prints the bus address, and stops the daemon when stdin closes.
const SESSION_SCRIPT = `
echo -n throwaway | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
pid=$!
echo "PID=$pid"
i=0
until dbus-send --session --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  i=$((i+1)); if [ $i -gt 150 ]; then echo "FAILED: gnome-keyring-daemon did not register the Secret Service"; kill $pid; exit 3; fi; sleep 0.1
done
echo "BUS=$DBUS_SESSION_BUS_ADDRESS"
echo READY
read _
kill $pid
wait $pid 2>/dev/null
`

/** Asks the keychain from a separate node process whether the item exists (prints yes/no, never the value). */
const PROBE = `
const { Entry } = require(process.argv[1])
const [service, account, action] = process.argv.slice(2)
const e = new Entry(service, account, { linux: { store: 'secret-service' } })
if (action === 'roundtrip') { e.setPassword('probe'); const ok = e.getPassword() === 'probe'; e.deletePassword(); console.log(ok ? 'yes' : 'no') }
else console.log(e.getPassword() === null ? 'no' : 'yes')
`

let tmp: ReturnType<typeof tempDir>
let session: ChildProcess | null = null
let daemonPid = 0
let sessionEnv: NodeJS.ProcessEnv = {}
let unavailable = toolsReason
let store: DuckDBStore | null = null
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS
const accounts: string[] = []

function probe(account: string, action: 'exists' | 'roundtrip'): string {
  const lib = createRequire(join(process.cwd(), 'package.json')).resolve('@napi-rs/keyring')
  return execFileSync(process.execPath, ['-e', PROBE, lib, KEYCHAIN_SERVICE, account, action], { env: sessionEnv, encoding: 'utf8', timeout: 30_000 }).trim()
}

async function startSession(home: string): Promise<string> {
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 })
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_RUNTIME_DIR: join(home, 'run') }
  delete env.DBUS_SESSION_BUS_ADDRESS
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', SESSION_SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  session = child
  let out = ''
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the private Secret Service did not start in 30 s: ${out}${err}`)), 30_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      daemonPid = Number(/PID=(\d+)/.exec(out)?.[1] ?? 0)
      const bus = /BUS=(.*)\n/.exec(out)?.[1]
      if (bus && out.includes('READY')) {
        clearTimeout(timer)
        sessionEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: bus }
        resolve(bus)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`dbus-run-session exited (${code}) before the Secret Service was ready: ${out}${err}`))
    })
  })
}

beforeAll(async () => {
  tmp = tempDir('keychain-os')
  if (toolsReason) {
    if (process.env.CI) throw new Error(`the real-keychain test cannot run: ${toolsReason}`)
    return
  }
  process.env.DBUS_SESSION_BUS_ADDRESS = await startSession(join(tmp.dir, 'home'))
  const check = probe('vigil-test-probe', 'roundtrip')
  if (check !== 'yes') unavailable = `the private Secret Service did not keep a test item (probe said ${check})`
  else store = await populatedStore(join(tmp.dir, 'store'))
}, 120_000)

afterAll(async () => {
  for (const account of accounts) {
    try {
      osKeychain(KEYCHAIN_SERVICE, account).deletePassword()
    } catch {
      // The session is going away with its temp HOME anyway.
    }
  }
  await store?.close()
  if (session && session.exitCode === null) {
    const exited = new Promise<void>((resolve) => session!.once('exit', () => resolve()))
    session.stdin?.end()
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    if (session.exitCode === null) session.kill()
  }
  if (daemonPid) {
    try {
      process.kill(daemonPid)
    } catch {
      // Already stopped by the session script.
    }
  }
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus
  tmp?.cleanup()
}, 60_000)

describe('signing key in a real Secret Service', () => {
  const ready = (skip: () => void): void => {
    if (!unavailable) return
    if (process.env.CI) throw new Error(`the real-keychain test cannot run: ${unavailable}`)
    if (unavailable !== toolsReason) console.log(`keychain-os.test: skipped: ${unavailable}`)
    skip()
  }

  it('signs with a key created in the keychain, reuses it for the next export, and writes no key file', async (ctx) => {
    ready(() => ctx.skip())
    const dataDir = join(tmp.dir, 'data-a')
    mkdirSync(dataDir)
    accounts.push(keychainAccount(dataDir))
    const notices: string[] = []
    const first = await exportArchive({ ...exportOptions(store!, join(tmp.dir, 'a1.vigil')), sign: new KeychainSigningKeySource(dataDir, { notice: (l) => notices.push(l) }) })
    expect(notices).toEqual([`created a new archive signing key in the OS keychain (service "vigil", account "${keychainAccount(dataDir)}")`])
    expect(probe(keychainAccount(dataDir), 'exists')).toBe('yes')
    const second = await exportArchive({ ...exportOptions(store!, join(tmp.dir, 'a2.vigil')), sign: new KeychainSigningKeySource(dataDir, { notice: (l) => notices.push(l) }) })
    expect(notices).toHaveLength(1)

    const v1 = await verifyArchive(first.path)
    const v2 = await verifyArchive(second.path)
    expect(v1).toMatchObject({ ok: true, signed: true })
    expect(v2).toMatchObject({ ok: true, signed: true })
    expect(v1.keyFingerprint).toMatch(/^SHA256:/)
    expect(v2.keyFingerprint).toBe(v1.keyFingerprint)
    expect(existsSync(join(dataDir, SIGNING_KEY_FILE))).toBe(false)
  })

  it('moves a key file into the keychain once and deletes it; the fingerprint stays', async (ctx) => {
    ready(() => ctx.skip())
    const dataDir = join(tmp.dir, 'data-b')
    accounts.push(keychainAccount(dataDir))
    const fromFile = keyFingerprint(rawPublicKey(await fileSigningKey(dataDir).privateKey()))
    expect(probe(keychainAccount(dataDir), 'exists')).toBe('no')
    const notices: string[] = []
    const moved = await exportArchive({ ...exportOptions(store!, join(tmp.dir, 'b.vigil')), sign: new KeychainSigningKeySource(dataDir, { notice: (l) => notices.push(l) }) })
    expect(notices).toEqual([`moved the archive signing key from ${join(dataDir, SIGNING_KEY_FILE)} into the OS keychain (service "vigil", account "${keychainAccount(dataDir)}") and deleted the file`])
    expect(existsSync(join(dataDir, SIGNING_KEY_FILE))).toBe(false)
    expect(probe(keychainAccount(dataDir), 'exists')).toBe('yes')
    expect((await verifyArchive(moved.path)).keyFingerprint).toBe(fromFile)
  })
})
