// The one module that loads the OS keychain binding (@napi-rs/keyring, prebuilt N-API), so its
// users (the archive signing key, ${secret:NAME} values) can be tested with an injected fake and
// nothing else pulls the native library in.
import { Entry, findCredentials } from '@napi-rs/keyring'

/** The keychain service name of every Vigil item (signing keys, secrets). */
export const KEYCHAIN_SERVICE = 'vigil'

/** One keychain item (service + account → a string), the part of @napi-rs/keyring's Entry we use. */
export interface KeychainEntry {
  /** The stored string, or null when there is none; throws when the keychain cannot be reached. */
  getPassword(): string | null
  setPassword(password: string): void
  /** True when an item was deleted, false when there was none. */
  deletePassword(): boolean
}

/** Opens the item for service + account; may throw when no keychain is reachable. */
export type KeychainOpener = (service: string, account: string) => KeychainEntry

/** The accounts of every item of a service; throws when the keychain cannot be reached. */
export type KeychainLister = (service: string) => string[]

/**
 * The OS keychain: macOS Keychain, Windows Credential Manager, and on Linux the Secret Service only
 * (gnome-keyring, KWallet, KeePassXC). The library would otherwise fall back to the kernel keyring,
 * which forgets its keys at reboot: a signing key or secret kept only there would be lost.
 */
export const osKeychain: KeychainOpener = (service, account) =>
  process.platform === 'linux' ? new Entry(service, account, { linux: { store: 'secret-service' } }) : new Entry(service, account)

/** The accounts stored under `service` in the OS keychain (the values the search also returns are dropped here). */
export const osKeychainAccounts: KeychainLister = (service) => findCredentials(service).map((c) => c.account)
