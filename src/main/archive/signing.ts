// Ed25519 signatures over the manifest (node:crypto). The private key comes from a key source: the
// OS keychain by default (keychain-signing-key.ts), or this PEM file in the data dir (mode 0600)
// where no keychain is reachable. This module does not load the keychain binding, so `verify` and
// the review mode never need it.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalJson } from './canonical-json'
import type { ArchiveSignature } from './format'

/** The signing key's file name in the data dir. */
export const SIGNING_KEY_FILE = 'archive-signing-key.pem'

/** Where the archive signing key lives: the OS keychain (keychain-signing-key.ts) or a key file. */
export interface SigningKeySource {
  /** Where the key is kept, for messages ("/data/archive-signing-key.pem", "in the OS keychain (…)"). */
  readonly where: string
  /** The Ed25519 private key, created on first use. */
  privateKey(): Promise<KeyObject>
}

/** A key kept as a PKCS#8 PEM file at `<dataDir>/archive-signing-key.pem` (created with mode 0600). */
export function fileSigningKey(dataDir: string): SigningKeySource {
  const path = join(dataDir, SIGNING_KEY_FILE)
  return {
    where: path,
    async privateKey() {
      let pem: string
      try {
        pem = await readFile(path, 'utf8')
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the archive signing key ${path}: ${(err as Error).message}`)
        pem = newSigningKeyPem()
        await mkdir(dataDir, { recursive: true })
        try {
          await writeFile(path, pem, { mode: 0o600, flag: 'wx' })
        } catch (e) {
          // Another export created it meanwhile: use that one.
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot write the archive signing key ${path}: ${(e as Error).message}`)
          pem = await readFile(path, 'utf8')
        }
        await chmod(path, 0o600).catch(() => undefined)
      }
      return parseSigningKeyPem(pem, path)
    }
  }
}

/** Parses a PKCS#8 PEM Ed25519 private key; errors name `where` (a path, or "in the OS keychain (…)"), never the key. */
export function parseSigningKeyPem(pem: string, where: string): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch (err) {
    throw new Error(`the archive signing key ${where} is not a valid PEM private key: ${(err as Error).message}`)
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the archive signing key ${where} is a ${key.asymmetricKeyType} key, expected ed25519`)
  return key
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
}

/** Base64 of the raw 32-byte public key of a private (or public) Ed25519 key. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' })
  return Buffer.from(String(jwk.x), 'base64url').toString('base64')
}

/** Signs the canonical JSON of `unsigned` (the manifest without its signature). */
export function signManifest(unsigned: Record<string, unknown>, key: KeyObject): ArchiveSignature {
  const data = Buffer.from(canonicalJson(unsigned), 'utf8')
  return { algorithm: 'ed25519', publicKey: rawPublicKey(key), signature: sign(null, data, key).toString('base64') }
}

/** True when `sig` is a valid Ed25519 signature of `unsigned` by the key it names; false for any malformed key or signature. */
export function verifyManifestSignature(unsigned: Record<string, unknown>, sig: ArchiveSignature): boolean {
  try {
    const raw = Buffer.from(sig.publicKey, 'base64')
    if (raw.length !== 32) return false
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
    return verify(null, Buffer.from(canonicalJson(unsigned), 'utf8'), key, Buffer.from(sig.signature, 'base64'))
  } catch {
    return false
  }
}

/** A public key's fingerprint as OpenSSH prints it: "SHA256:" + unpadded base64 of SHA-256 of the raw key. */
export function keyFingerprint(publicKeyBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('base64')
  return `SHA256:${digest.replace(/=+$/, '')}`
}
