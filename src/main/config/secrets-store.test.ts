import { describe, expect, it } from 'vitest'
import { fakeKeychain } from '../keychain/fake-keychain'
import { SecretStore } from './secrets-store'

function setup(env: NodeJS.ProcessEnv = {}) {
  const keychain = fakeKeychain()
  let now = 1_000
  const notices: string[] = []
  const store = new SecretStore({ keychain: keychain.open, accounts: keychain.accounts, env, notice: (l) => notices.push(l), now: () => now, cacheMs: 10_000 })
  return { keychain, store, notices, advance: (ms: number) => (now += ms) }
}

describe('SecretStore', () => {
  it('resolves from the keychain first, then the environment, and names both places when missing', () => {
    const { store } = setup({ VIGIL_SECRET_CRM: 'from-env', VIGIL_SECRET_ONLY_ENV: 'env-only' })
    store.set('crm', 'from-keychain')
    expect(store.resolve('crm')).toEqual({ value: 'from-keychain', from: 'keychain' })
    expect(store.resolve('only-env')).toEqual({ value: 'env-only', from: 'env' })
    expect(store.expand('Bearer ${secret:crm}')).toBe('Bearer from-keychain')
    expect(() => store.expand('${secret:crm}:${secret:absent}')).toThrow(
      'secret "absent" is not set (store it in the OS keychain with "vigil secret set absent" or on the Secrets page, or set the environment variable VIGIL_SECRET_ABSENT)'
    )
    try {
      store.expand('${secret:crm}:${secret:absent}')
    } catch (err) {
      expect((err as Error).message).not.toContain('from-keychain')
    }
  })

  it('caches keychain reads, sees its own set and delete at once and another process’s change after the cache time', () => {
    const { store, keychain, advance } = setup({ VIGIL_SECRET_K: 'env' })
    store.set('k', 'one')
    keychain.calls.length = 0
    expect(store.lookup('k')).toBe('one')
    expect(keychain.calls).toEqual([])
    keychain.items.set('vigil/k', 'two') // another process (vigil secret set)
    expect(store.lookup('k')).toBe('one')
    advance(10_001)
    expect(store.lookup('k')).toBe('two')
    expect(store.delete('k')).toBe(true)
    expect(store.resolve('k')).toEqual({ value: 'env', from: 'env' })
    expect(store.delete('k')).toBe(false)
    expect(store.inEnvironment('k')).toBe(true)
  })

  it('without a keychain: says so once, uses the environment, and refuses to store (naming the variable, never the value)', () => {
    const { store, keychain, notices, advance } = setup({ VIGIL_SECRET_A: 'env-a' })
    keychain.failOpen = new Error('Platform failure: DBus error: no session bus')
    expect(store.lookup('a')).toBe('env-a')
    expect(store.lookup('b')).toBeUndefined()
    advance(20_000)
    expect(store.lookup('a')).toBe('env-a')
    expect(notices).toEqual(['no OS keychain available (Platform failure: DBus error: no session bus); ${secret:NAME} values are read from VIGIL_SECRET_<NAME> environment variables only'])
    expect(() => store.expand('${secret:b}')).toThrow('secret "b" is not set (no OS keychain is available, so set the environment variable VIGIL_SECRET_B)')
    keychain.failOpen = new Error('refused s3cr3t-value')
    expect(() => store.set('b', 's3cr3t-value')).toThrow('cannot store secret "b": no OS keychain is available (refused ***); set the environment variable VIGIL_SECRET_B instead')
    expect(store.keychainUnavailable()).toBe('refused ***')
    keychain.failOpen = new Error('no session bus')
    expect(store.keychainNames()).toBeNull()
    keychain.failOpen = null
    store.refresh()
    expect(store.keychainUnavailable()).toBeNull()
    expect(notices).toHaveLength(1)
  })

  it('lists secret names only (not the signing keys kept in the same service) and validates names and values', () => {
    const { store, keychain } = setup()
    keychain.items.set('vigil/archive-signing-key:0123456789abcdef', 'PEM')
    store.set('b', 'x1')
    store.set('a.b-c_d', 'x2')
    expect(store.keychainNames()).toEqual(['a.b-c_d', 'b'])
    expect(store.status(['b', 'zz'])).toEqual([
      { name: 'b', from: 'keychain' },
      { name: 'zz', from: null }
    ])
    expect(() => store.set('bad name', 'v')).toThrow('"bad name" is not a secret name')
    expect(() => store.set('ok', '')).toThrow('secret "ok": the value is empty (delete the secret instead)')
    expect(() => store.set('ok', 'x'.repeat(64 * 1024 + 1))).toThrow('more than the 65536 allowed')
  })
})
