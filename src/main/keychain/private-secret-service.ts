// Test support: a private D-Bus session with gnome-keyring's Secret Service (unlocked with a
// throwaway password, its files in a temp HOME), so keychain tests never touch the user's own
// keychain. Linux only; needs dbus-run-session, dbus-send and gnome-keyring-daemon (Debian: dbus,
// gnome-keyring). libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so a test file sets it
// (setBus) before anything in it touches the keychain (vitest runs each test file in its own process).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const has = (program: string): boolean => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0

/** Why a private Secret Service cannot start here ('' when it can). */
export function secretServiceUnavailable(): string {
  if (process.platform !== 'linux') return 'Linux only (it starts a private Secret Service)'
  const missing = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'].filter((p) => !has(p))
  return missing.length > 0 ? `needs ${missing.join(', ')} (Debian packages dbus, gnome-keyring)` : ''
}

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

/** Asks the keychain from a separate node process (prints yes/no, never a value). */
const PROBE = `
const { Entry } = require(process.argv[1])
const [service, account, action] = process.argv.slice(2)
const e = new Entry(service, account, { linux: { store: 'secret-service' } })
if (action === 'roundtrip') { e.setPassword('probe'); const ok = e.getPassword() === 'probe'; e.deletePassword(); console.log(ok ? 'yes' : 'no') }
else console.log(e.getPassword() === null ? 'no' : 'yes')
`

export interface PrivateSecretService {
  /** The session's environment (temp HOME, XDG dirs, DBUS_SESSION_BUS_ADDRESS) for child processes. */
  env: NodeJS.ProcessEnv
  bus: string
  /** From another process: does service/account hold an item ('exists'), or can one be written and read back ('roundtrip')? */
  probe(service: string, account: string, action: 'exists' | 'roundtrip'): 'yes' | 'no' | string
  /** Stops the daemon and the session (bounded wait). */
  stop(): Promise<void>
}

/** Starts a private Secret Service with its files under `home`; rejects after 30 s. */
export async function startPrivateSecretService(home: string): Promise<PrivateSecretService> {
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 })
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_RUNTIME_DIR: join(home, 'run') }
  delete env.DBUS_SESSION_BUS_ADDRESS
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', SESSION_SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let daemonPid = 0
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const bus = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the private Secret Service did not start in 30 s: ${out}${err}`))
      child.kill()
    }, 30_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      daemonPid = Number(/PID=(\d+)/.exec(out)?.[1] ?? 0)
      const address = /BUS=(.*)\n/.exec(out)?.[1]
      if (address && out.includes('READY')) {
        clearTimeout(timer)
        resolve(address)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`dbus-run-session exited (${code}) before the Secret Service was ready: ${out}${err}`))
    })
  })
  const sessionEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: bus }
  const lib = createRequire(join(process.cwd(), 'package.json')).resolve('@napi-rs/keyring')
  return {
    env: sessionEnv,
    bus,
    probe: (service, account, action) =>
      execFileSync(process.execPath, ['-e', PROBE, lib, service, account, action], { env: sessionEnv, encoding: 'utf8', timeout: 30_000 }).trim(),
    stop: () => stopSession(child, daemonPid)
  }
}

async function stopSession(child: ChildProcess, daemonPid: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.stdin?.end()
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    if (child.exitCode === null && child.signalCode === null) child.kill()
  }
  if (daemonPid) {
    try {
      process.kill(daemonPid)
    } catch {
      // Already stopped by the session script.
    }
  }
}
