// Where ${secret:NAME} values live: the OS keychain first (service "vigil", account NAME, the same
// service as the archive signing key), then the environment variable VIGIL_SECRET_<NAME>. Keychain
// answers are cached briefly (a Secret Service read costs 10-20 ms and blocks), and a set or delete
// through this store refreshes its cache at once; a change made by another process (`vigil secret
// set` while the app runs) is seen within `cacheMs`. Where no keychain is reachable, one notice
// says so and the environment alone is used.
import { KEYCHAIN_SERVICE, osKeychain, osKeychainAccounts, type KeychainLister, type KeychainOpener } from '../keychain/keychain-entry'
import { checkSecretName, expandSecrets, isSecretName, secretEnvName, type SecretLookup } from './secrets'

/** Where a secret's value came from. */
export type SecretOrigin = 'keychain' | 'env'

export interface SecretStatus {
  name: string
  /** Where the value resolves from, or null when it is not set anywhere. */
  from: SecretOrigin | null
}

/** Longest value accepted (keychains hold small strings; a certificate chain fits). */
export const MAX_SECRET_VALUE_BYTES = 64 * 1024

export interface SecretStoreOptions {
  /** Opens a keychain item (default: the OS keychain through @napi-rs/keyring). */
  keychain?: KeychainOpener
  /** Lists a service's accounts (default: the OS keychain). */
  accounts?: KeychainLister
  /** Environment for the VIGIL_SECRET_* fallback (default process.env, read at each lookup). */
  env?: NodeJS.ProcessEnv
  /** Receives the one line saying no keychain is available; never a value. */
  notice?: (line: string) => void
  now?: () => number
  /** How long a keychain answer is reused (default 30 s). */
  cacheMs?: number
}

/** Secret values from the OS keychain, then the environment. */
export class SecretStore {
  private readonly open: KeychainOpener
  private readonly list: KeychainLister
  private readonly env: NodeJS.ProcessEnv
  private readonly notice: (line: string) => void
  private readonly now: () => number
  private readonly cacheMs: number
  private readonly cache = new Map<string, { value: string | null; at: number }>()
  /** Why the keychain cannot be used, and until when that answer stands. */
  private down: { reason: string; until: number } | null = null
  private told = false

  constructor(opts: SecretStoreOptions = {}) {
    this.open = opts.keychain ?? osKeychain
    this.list = opts.accounts ?? osKeychainAccounts
    this.env = opts.env ?? process.env
    this.notice = opts.notice ?? ((line) => console.error(`vigil: ${line}`))
    this.now = opts.now ?? Date.now
    this.cacheMs = opts.cacheMs ?? 30_000
  }

  /** The value of secret `name`, or undefined when neither the keychain nor the environment has it. */
  readonly lookup: SecretLookup = (name) => this.resolve(name)?.value

  /** Expands every ${secret:NAME} in `text`; a missing secret's error names it and both places to set it. */
  readonly expand = (text: string): string => expandSecrets(text, this.lookup, (name) => this.missingHint(name))

  /** The value and where it came from, or undefined. */
  resolve(name: string): { value: string; from: SecretOrigin } | undefined {
    const stored = this.keychainValue(name)
    if (stored !== null) return { value: stored, from: 'keychain' }
    const value = this.env[secretEnvName(name)]
    return value === undefined ? undefined : { value, from: 'env' }
  }

  /** Where each secret resolves from (never its value). */
  status(names: Iterable<string>): SecretStatus[] {
    return [...new Set(names)].map((name) => ({ name, from: this.resolve(name)?.from ?? null }))
  }

  /** Why no keychain can be used right now, or null when one answered. */
  keychainUnavailable(): string | null {
    if (this.down && this.now() < this.down.until) return this.down.reason
    try {
      this.open(KEYCHAIN_SERVICE, 'vigil-keychain-check').getPassword()
      this.down = null
      return null
    } catch (err) {
      return this.markDown(err, null)
    }
  }

  /** Stores `value` for `name` in the OS keychain; throws (naming the secret and the alternative, never the value) when it cannot. */
  set(name: string, value: string): void {
    checkSecretName(name)
    checkSecretValue(name, value)
    try {
      this.open(KEYCHAIN_SERVICE, name).setPassword(value)
    } catch (err) {
      const reason = this.markDown(err, value)
      throw new Error(`cannot store secret "${name}": no OS keychain is available (${reason}); set the environment variable ${secretEnvName(name)} instead`)
    }
    this.cache.set(name, { value, at: this.now() })
  }

  /** Deletes `name` from the OS keychain; false when it held none. The environment is left alone (say so to the user). */
  delete(name: string): boolean {
    checkSecretName(name)
    let deleted: boolean
    try {
      deleted = this.open(KEYCHAIN_SERVICE, name).deletePassword()
    } catch (err) {
      const reason = this.markDown(err, null)
      throw new Error(`cannot delete secret "${name}": no OS keychain is available (${reason})`)
    }
    this.cache.set(name, { value: null, at: this.now() })
    return deleted
  }

  /** True when the environment variable of `name` is set (a delete leaves it in force). */
  inEnvironment(name: string): boolean {
    return this.env[secretEnvName(name)] !== undefined
  }

  /** Names of the secrets stored in the keychain (other Vigil items, e.g. signing keys, are not secrets); null without a keychain. */
  keychainNames(): string[] | null {
    try {
      return this.list(KEYCHAIN_SERVICE).filter(isSecretName).sort()
    } catch (err) {
      this.markDown(err, null)
      return null
    }
  }

  /** Forgets cached keychain answers (the next lookup asks the keychain again). */
  refresh(): void {
    this.cache.clear()
    this.down = null
  }

  private keychainValue(name: string): string | null {
    const now = this.now()
    const cached = this.cache.get(name)
    if (cached && now - cached.at < this.cacheMs) return cached.value
    if (this.down && now < this.down.until) return null
    try {
      const value = this.open(KEYCHAIN_SERVICE, name).getPassword()
      this.down = null
      this.cache.set(name, { value, at: now })
      return value
    } catch (err) {
      this.markDown(err, null)
      return null
    }
  }

  private missingHint(name: string): string {
    const env = `the environment variable ${secretEnvName(name)}`
    if (this.down && this.now() < this.down.until) return `no OS keychain is available, so set ${env}`
    return `store it in the OS keychain with "vigil secret set ${name}" or on the Secrets page, or set ${env}`
  }

  /** Records that the keychain failed; says so once per store; returns the reason (redacted of `value`). */
  private markDown(err: unknown, value: string | null): string {
    let reason = (err instanceof Error ? err.message : String(err)).split('\n')[0].trim() || 'unknown error'
    if (value !== null && value.length > 0) reason = reason.split(value).join('***')
    this.down = { reason, until: this.now() + this.cacheMs }
    if (!this.told) {
      this.told = true
      this.notice(`no OS keychain available (${reason}); \${secret:NAME} values are read from VIGIL_SECRET_<NAME> environment variables only`)
    }
    return reason
  }
}

/** Throws unless `value` can be stored: not empty, no NUL, at most MAX_SECRET_VALUE_BYTES (the message never shows it). */
export function checkSecretValue(name: string, value: string): void {
  if (value.length === 0) throw new Error(`secret "${name}": the value is empty (delete the secret instead)`)
  if (value.includes('\0')) throw new Error(`secret "${name}": the value contains a NUL character`)
  const bytes = Buffer.byteLength(value, 'utf8')
  if (bytes > MAX_SECRET_VALUE_BYTES) throw new Error(`secret "${name}": the value is ${bytes} bytes, more than the ${MAX_SECRET_VALUE_BYTES} allowed`)
}

let shared: SecretStore | null = null

/** The process's secret store (the OS keychain, then process.env), created on first use. */
export function defaultSecretStore(): SecretStore {
  shared ??= new SecretStore()
  return shared
}
