// The keychain key source with an injected keychain: create, reuse, move in from the key file,
// fall back to the file when the keychain is unreachable, and never a key in a message.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../store/test-support'
import { KEYCHAIN_SERVICE } from '../keychain/keychain-entry'
import { keychainAccount, KeychainSigningKeySource } from './keychain-signing-key'
import { fakeKeychain, type FakeKeychain } from '../keychain/fake-keychain'
import { fileSigningKey, keyFingerprint, newSigningKeyPem, rawPublicKey, SIGNING_KEY_FILE } from './signing'

const ACCESS_DENIED = new Error("Couldn't access platform storage: AccessDenied")

let tmp: ReturnType<typeof tempDir>
let n = 0
let dataDir: string
let keychain: FakeKeychain
let notices: string[]

afterAll(() => tmp?.cleanup())
beforeEach(() => {
  tmp ??= tempDir('keychain-key')
  dataDir = join(tmp.dir, `data-${n++}`)
  mkdirSync(dataDir)
  keychain = fakeKeychain()
  notices = []
})

const source = (): KeychainSigningKeySource => new KeychainSigningKeySource(dataDir, { keychain: keychain.open, notice: (l) => notices.push(l) })
const item = (): string | undefined => keychain.items.get(`${KEYCHAIN_SERVICE}/${keychainAccount(dataDir)}`)
const keyFile = (): string => join(dataDir, SIGNING_KEY_FILE)
const fingerprint = async (s: { privateKey(): Promise<import('node:crypto').KeyObject> }): Promise<string> => keyFingerprint(rawPublicKey(await s.privateKey()))
/** The PEM's base64 body lines: none may appear in any message. */
const secretLines = (pem: string): string[] => pem.split('\n').filter((l) => l && !l.startsWith('-----'))

describe('keychainAccount', () => {
  it('is "archive-signing-key:" + 16 hex digits of the absolute path, the same for a relative spelling', () => {
    const account = keychainAccount(dataDir)
    expect(account).toMatch(/^archive-signing-key:[0-9a-f]{16}$/)
    expect(keychainAccount(relative(process.cwd(), dataDir))).toBe(account)
    expect(keychainAccount(`${dataDir}-other`)).not.toBe(account)
  })
})

describe('KeychainSigningKeySource', () => {
  it('creates a key in the keychain on first use, reuses it, and writes no key file', async () => {
    const first = source()
    expect(first.where).toBe(`in the OS keychain (service "vigil", account "${keychainAccount(dataDir)}")`)
    const fp = await fingerprint(first)
    expect(notices).toEqual([`created a new archive signing key in the OS keychain (service "vigil", account "${keychainAccount(dataDir)}")`])
    expect(item()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(existsSync(keyFile())).toBe(false)
    expect(await fingerprint(first)).toBe(fp)

    const second = source()
    expect(await fingerprint(second)).toBe(fp)
    expect(notices).toHaveLength(1)
    expect(keychain.calls.filter((c) => c.startsWith('set'))).toHaveLength(1)
  })

  it('keeps one key per data dir', async () => {
    const a = await fingerprint(source())
    dataDir = join(tmp.dir, `data-${n++}`)
    expect(await fingerprint(source())).not.toBe(a)
    expect(keychain.items.size).toBe(2)
  })

  it('moves an existing key file into the keychain once and deletes the file', async () => {
    const fromFile = await fingerprint(fileSigningKey(dataDir))
    const pem = readFileSync(keyFile(), 'utf8')
    expect(await fingerprint(source())).toBe(fromFile)
    expect(item()).toBe(pem)
    expect(existsSync(keyFile())).toBe(false)
    expect(notices).toEqual([`moved the archive signing key from ${keyFile()} into the OS keychain (service "vigil", account "${keychainAccount(dataDir)}") and deleted the file`])
    expect(await fingerprint(source())).toBe(fromFile)
    expect(notices).toHaveLength(1)
  })

  it('deletes a leftover key file holding the same key, and leaves a different one in place', async () => {
    const pem = newSigningKeyPem()
    keychain.items.set(`vigil/${keychainAccount(dataDir)}`, pem)
    writeFileSync(keyFile(), pem, { mode: 0o600 })
    const fp = await fingerprint(source())
    expect(existsSync(keyFile())).toBe(false)
    expect(notices[0]).toMatch(/^deleted .*archive-signing-key\.pem: the same key is kept in the OS keychain/)

    notices = []
    writeFileSync(keyFile(), newSigningKeyPem(), { mode: 0o600 })
    expect(await fingerprint(source())).toBe(fp)
    expect(existsSync(keyFile())).toBe(true)
    expect(notices).toEqual([`${keyFile()} holds a different key than the one in the OS keychain (service "vigil", account "${keychainAccount(dataDir)}"); signing with the keychain's and leaving the file in place`])
  })

  it('falls back to the key file (0600) when no keychain is reachable, and says so in one line', async () => {
    keychain.failOpen = ACCESS_DENIED
    const s = source()
    const fp = await fingerprint(s)
    expect(notices).toEqual([`no OS keychain available (Couldn't access platform storage: AccessDenied); the signing key is kept in ${keyFile()} (mode 0600)`])
    expect(s.where).toBe(keyFile())
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600)
    expect(await fingerprint(source())).toBe(fp)
    expect(keychain.items.size).toBe(0)

    // Once a keychain is there, the file's key moves in: the fingerprint stays.
    keychain.failOpen = null
    notices = []
    expect(await fingerprint(source())).toBe(fp)
    expect(existsSync(keyFile())).toBe(false)
    expect(notices[0]).toMatch(/^moved the archive signing key from /)
  })

  it('falls back to the key file when the keychain refuses the write, keeping the file and never echoing the key', async () => {
    await fileSigningKey(dataDir).privateKey()
    const pem = readFileSync(keyFile(), 'utf8')
    // A hostile error text that repeats what it was given: the notice must not carry it on.
    keychain.failSet = new Error(`Platform failure: cannot store ${pem}`)
    const fp = await fingerprint(source())
    expect(fp).toBe(await fingerprint(fileSigningKey(dataDir)))
    expect(existsSync(keyFile())).toBe(true)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^no OS keychain available \(Platform failure: cannot store \[key\]/)
    for (const line of secretLines(pem)) expect(notices[0]).not.toContain(line)
  })

  it('refuses a keychain item that is not a key, naming the item and not its content', async () => {
    keychain.items.set(`vigil/${keychainAccount(dataDir)}`, 'hunter2-not-a-key-0123456789')
    const s = source()
    const err = await s.privateKey().then(
      () => null,
      (e: Error) => e
    )
    expect(err?.message).toMatch(/^the archive signing key in the OS keychain \(service "vigil", account "archive-signing-key:[0-9a-f]{16}"\) is not a valid PEM private key/)
    expect(err?.message).not.toContain('hunter2')
    // A failed attempt is not remembered: fixed, the next call succeeds.
    keychain.items.set(`vigil/${keychainAccount(dataDir)}`, newSigningKeyPem())
    await expect(s.privateKey()).resolves.toBeDefined()
  })

  it('does not move an invalid key file into the keychain', async () => {
    writeFileSync(keyFile(), 'garbage', { mode: 0o600 })
    await expect(source().privateKey()).rejects.toThrow(`the archive signing key ${keyFile()} is not a valid PEM private key`)
    expect(keychain.items.size).toBe(0)
    expect(readFileSync(keyFile(), 'utf8')).toBe('garbage')
  })

  it('never puts the key in a notice or an error', async () => {
    const pems: string[] = []
    const messages: string[] = []
    const capture = async (setup: () => void | Promise<void>): Promise<void> => {
      dataDir = join(tmp.dir, `data-${n++}`)
      mkdirSync(dataDir)
      notices = []
      await setup()
      await source()
        .privateKey()
        .catch((e: Error) => messages.push(e.message))
      messages.push(...notices)
      const inKeychain = item()
      if (inKeychain) pems.push(inKeychain)
      if (existsSync(keyFile())) pems.push(readFileSync(keyFile(), 'utf8'))
    }
    keychain.failOpen = null
    await capture(() => undefined)
    await capture(() => fileSigningKey(dataDir).privateKey().then(() => undefined))
    await capture(() => {
      keychain.failOpen = ACCESS_DENIED
    })
    keychain.failOpen = null
    await capture(() => {
      writeFileSync(keyFile(), newSigningKeyPem())
      keychain.items.set(`vigil/${keychainAccount(dataDir)}`, newSigningKeyPem())
    })
    expect(pems.length).toBeGreaterThanOrEqual(4)
    expect(messages.length).toBeGreaterThanOrEqual(4)
    for (const pem of pems) for (const line of secretLines(pem)) for (const m of messages) expect(m).not.toContain(line)
  })
})
