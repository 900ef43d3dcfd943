// An in-memory keychain for tests: items by service + account, with switches to make it
// unreachable or refuse writes the way @napi-rs/keyring does when no platform storage exists.
import type { KeychainEntry, KeychainOpener } from './keychain-entry'

export interface FakeKeychain {
  open: KeychainOpener
  items: Map<string, string>
  /** Throw this from open / getPassword (the keychain is unreachable). */
  failOpen: Error | null
  /** Throw this from setPassword (the keychain refuses writes). */
  failSet: Error | null
  /** Calls made, as "get vigil/account", "set …", "delete …". */
  calls: string[]
}

/** A fresh, empty, reachable fake keychain. */
export function fakeKeychain(): FakeKeychain {
  const k: FakeKeychain = {
    items: new Map(),
    failOpen: null,
    failSet: null,
    calls: [],
    open(service, account): KeychainEntry {
      if (k.failOpen) throw k.failOpen
      const id = `${service}/${account}`
      return {
        getPassword() {
          k.calls.push(`get ${id}`)
          return k.items.get(id) ?? null
        },
        setPassword(password) {
          k.calls.push(`set ${id}`)
          if (k.failSet) throw k.failSet
          k.items.set(id, password)
        },
        deletePassword() {
          k.calls.push(`delete ${id}`)
          return k.items.delete(id)
        }
      }
    }
  }
  return k
}
