// An in-memory keychain for tests: items by service + account, with switches to make it
// unreachable or refuse writes the way @napi-rs/keyring does when no platform storage exists.
import type { KeychainEntry, KeychainLister, KeychainOpener } from './keychain-entry'

export interface FakeKeychain {
  open: KeychainOpener
  /** The accounts of a service (like findCredentials); throws failOpen too. */
  accounts: KeychainLister
  items: Map<string, string>
  /** Throw this from open / getPassword / accounts (the keychain is unreachable). */
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
    accounts(service) {
      if (k.failOpen) throw k.failOpen
      k.calls.push(`list ${service}`)
      return [...k.items.keys()].filter((id) => id.startsWith(`${service}/`)).map((id) => id.slice(service.length + 1))
    },
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
