// The key source against a real keychain: a private D-Bus session with gnome-keyring's Secret
// Service (see keychain/private-secret-service.ts), so the user's own keychain is never touched.
// Linux only; skipped with a reason where the programs are missing, a failure when CI is set.
// libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so this file sets it before anything
// here touches the keychain (vitest runs each test file in its own process).
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DuckDBStore } from '../store/duckdb-store'
import { tempDir } from '../store/test-support'
import { KEYCHAIN_SERVICE, osKeychain } from '../keychain/keychain-entry'
import { secretServiceUnavailable, startPrivateSecretService, type PrivateSecretService } from '../keychain/private-secret-service'
import { exportArchive } from './export-archive'
import { keychainAccount, KeychainSigningKeySource } from './keychain-signing-key'
import { fileSigningKey, keyFingerprint, rawPublicKey, SIGNING_KEY_FILE } from './signing'
import { exportOptions, populatedStore } from './test-support'
import { verifyArchive } from './verify-archive'

const toolsReason = secretServiceUnavailable()
if (toolsReason && !process.env.CI) console.log(`keychain-os.test: skipped: ${toolsReason}`)

let tmp: ReturnType<typeof tempDir>
let service: PrivateSecretService | null = null
let unavailable = toolsReason
let store: DuckDBStore | null = null
const savedBus = process.env.DBUS_SESSION_BUS_ADDRESS
const accounts: string[] = []

function probe(account: string, action: 'exists' | 'roundtrip'): string {
  return service!.probe(KEYCHAIN_SERVICE, account, action)
}

beforeAll(async () => {
  tmp = tempDir('keychain-os')
  if (toolsReason) {
    if (process.env.CI) throw new Error(`the real-keychain test cannot run: ${toolsReason}`)
    return
  }
  service = await startPrivateSecretService(join(tmp.dir, 'home'))
  process.env.DBUS_SESSION_BUS_ADDRESS = service.bus
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
  await service?.stop()
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
