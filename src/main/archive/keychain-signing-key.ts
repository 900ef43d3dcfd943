// The archive signing key kept in the OS keychain (the default for `vigil export --sign` and for
// exports through the engine). One keychain item per data dir: service "vigil", account
// "archive-signing-key:" + the first 16 hex digits of SHA-256 of the data dir's absolute path; the
// item holds the Ed25519 private key as PKCS#8 PEM. A key file left in the data dir by an earlier
// version (or by a run without a keychain) is moved into the keychain once and deleted. Where no
// keychain is reachable, the key file is used and one line says so.
import { createHash, type KeyObject } from 'node:crypto'
import { readFile, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { KEYCHAIN_SERVICE, osKeychain, type KeychainEntry, type KeychainOpener } from '../keychain/keychain-entry'
import { fileSigningKey, newSigningKeyPem, parseSigningKeyPem, rawPublicKey, SIGNING_KEY_FILE, type SigningKeySource } from './signing'

/** The keychain account of a data dir's signing key: "archive-signing-key:" + 16 hex digits of SHA-256 of its absolute path. */
export function keychainAccount(dataDir: string): string {
  return `archive-signing-key:${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`
}

export interface KeychainSigningKeyOptions {
  /** Opens a keychain item (default: the OS keychain through @napi-rs/keyring). */
  keychain?: KeychainOpener
  /** Receives one line per thing worth telling (fallback to the file, key moved or created); never the key. */
  notice?: (line: string) => void
}

/** The signing key of a data dir, kept in the OS keychain, or in `<dataDir>/archive-signing-key.pem` where there is none. */
export class KeychainSigningKeySource implements SigningKeySource {
  readonly account: string
  readonly keyFile: string
  private readonly open: KeychainOpener
  private readonly notice: (line: string) => void
  /** 'the OS keychain (service "vigil", account "…")', for messages. */
  private readonly item: string
  private place: string
  private loading: Promise<KeyObject> | null = null

  constructor(readonly dataDir: string, opts: KeychainSigningKeyOptions = {}) {
    this.account = keychainAccount(dataDir)
    this.keyFile = join(resolve(dataDir), SIGNING_KEY_FILE)
    this.open = opts.keychain ?? osKeychain
    this.notice = opts.notice ?? ((line) => console.error(`vigil: ${line}`))
    this.item = `the OS keychain (service "${KEYCHAIN_SERVICE}", account "${this.account}")`
    this.place = `in ${this.item}`
  }

  /** "in the OS keychain (service …, account …)", or the key file's path after falling back to it. */
  get where(): string {
    return this.place
  }

  /** The key (created, or moved in from the key file, on first use); the same key for every later call on this source. */
  privateKey(): Promise<KeyObject> {
    // A failed attempt is not remembered: the next export tries again.
    this.loading ??= this.load().catch((err: unknown) => {
      this.loading = null
      throw err
    })
    return this.loading
  }

  private async load(): Promise<KeyObject> {
    let entry: KeychainEntry
    let stored: string | null
    try {
      entry = this.open(KEYCHAIN_SERVICE, this.account)
      stored = entry.getPassword()
    } catch (err) {
      return this.fallBack(err, null)
    }
    const filePem = await this.readKeyFile()
    if (stored !== null) {
      const key = parseSigningKeyPem(stored, this.place)
      if (filePem !== null) await this.settleLeftoverFile(filePem, key)
      return key
    }

    // Nothing in the keychain yet: move the key file in, or create a key there.
    const pem = filePem ?? newSigningKeyPem()
    const key = parseSigningKeyPem(pem, filePem !== null ? this.keyFile : '(new)')
    let kept: string | null
    try {
      entry.setPassword(pem)
      kept = entry.getPassword()
    } catch (err) {
      return this.fallBack(err, pem)
    }
    if (kept !== pem) {
      // Another export stored its key between our read and write: sign with the one that stays.
      if (kept === null) throw new Error(`${this.item} did not keep the archive signing key written to it`)
      const theirs = parseSigningKeyPem(kept, this.place)
      if (filePem !== null) await this.settleLeftoverFile(filePem, theirs)
      return theirs
    }
    if (filePem === null) {
      this.notice(`created a new archive signing key ${this.place}`)
    } else if (await this.deleteKeyFile()) {
      this.notice(`moved the archive signing key from ${this.keyFile} into ${this.item} and deleted the file`)
    }
    return key
  }

  /** No usable keychain: the key file, and one line saying so (the reason redacted of `pem`, though libraries do not echo it). */
  private fallBack(err: unknown, pem: string | null): Promise<KeyObject> {
    const file = fileSigningKey(this.dataDir)
    this.place = file.where
    this.notice(`no OS keychain available (${firstLine(redact(errorText(err), pem))}); the signing key is kept in ${file.where} (mode 0600)`)
    return file.privateKey()
  }

  /** The keychain holds `key` and the key file still exists: delete it when it is the same key, else leave it and say so. */
  private async settleLeftoverFile(filePem: string, key: KeyObject): Promise<void> {
    let same: boolean
    try {
      same = rawPublicKey(parseSigningKeyPem(filePem, this.keyFile)) === rawPublicKey(key)
    } catch {
      same = false
    }
    if (!same) {
      this.notice(`${this.keyFile} holds a different key than the one ${this.place}; signing with the keychain's and leaving the file in place`)
    } else if (await this.deleteKeyFile()) {
      this.notice(`deleted ${this.keyFile}: the same key is kept ${this.place}`)
    }
  }

  private async readKeyFile(): Promise<string | null> {
    try {
      return await readFile(this.keyFile, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new Error(`cannot read the archive signing key ${this.keyFile}: ${(err as Error).message}`)
    }
  }

  /** Deletes the key file once the keychain holds its key; a failure is told, not thrown (the key is safe in the keychain). */
  private async deleteKeyFile(): Promise<boolean> {
    try {
      await unlink(this.keyFile)
      return true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
      this.notice(`the archive signing key is kept ${this.place}, but ${this.keyFile} could not be deleted (${firstLine(errorText(err))}); delete it by hand`)
      return false
    }
  }
}

/** The signing key source for `dataDir` used by `vigil export --sign` and engine exports: the OS keychain, else the key file. */
export function defaultSigningKey(dataDir: string, notice?: (line: string) => void): SigningKeySource {
  return new KeychainSigningKeySource(dataDir, { notice })
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim() || 'unknown error'
}

/** Removes the key's PEM and each of its base64 lines from `text`. */
function redact(text: string, pem: string | null): string {
  if (pem === null) return text
  let out = text.split(pem.trim()).join('[key]').split(pem.trim().replace(/\n/g, '\\n')).join('[key]')
  for (const line of pem.split('\n')) {
    if (line.length >= 8 && !line.startsWith('-----')) out = out.split(line).join('[key]')
  }
  return out
}
