import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../config/secrets-store'
import { fakeKeychain } from '../keychain/fake-keychain'
import { runSecretCommand, type SecretCommandIO, type SecretInput } from './secret-command'

const dir = mkdtempSync(join(tmpdir(), 'vigil-secret-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function io(stdin: SecretInput, env: NodeJS.ProcessEnv = {}) {
  const keychain = fakeKeychain()
  const out: string[] = []
  const err: string[] = []
  const secrets = new SecretStore({ keychain: keychain.open, accounts: keychain.accounts, env, notice: (l) => err.push(l) })
  const value: SecretCommandIO = { stdin, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env, secrets }
  return { io: value, keychain, out, err }
}

describe('vigil secret', () => {
  it('records set and delete in the audit log (names only), and nothing for a delete of a missing secret', async () => {
    const t = io(Readable.from([Buffer.from('v4lue-not-logged')]))
    const audited: string[] = []
    t.io.audit = async (action, name) => void audited.push(`${action} ${name}`)
    expect(await runSecretCommand(['set', 'crm'], t.io)).toBe(0)
    expect(await runSecretCommand(['delete', 'crm'], t.io)).toBe(0)
    expect(await runSecretCommand(['delete', 'crm'], t.io)).toBe(1)
    expect(audited).toEqual(['secret.set crm', 'secret.delete crm'])
  })

  it('set reads the value from piped stdin (one trailing newline dropped) and stores it in the keychain', async () => {
    const t = io(Readable.from([Buffer.from('p@ss word\n')]), { VIGIL_SECRET_CRM: 'old' })
    expect(await runSecretCommand(['set', 'crm'], t.io)).toBe(0)
    expect(t.keychain.items.get('vigil/crm')).toBe('p@ss word')
    expect(t.out.join('')).toContain('secret "crm" stored in the OS keychain (service "vigil", account "crm")')
    expect(t.out.join('')).toContain('takes precedence over the environment variable VIGIL_SECRET_CRM')
    expect(t.out.join('')).not.toContain('p@ss')
  })

  it('set refuses a value on the command line and an empty stdin', async () => {
    await expect(runSecretCommand(['set', 'crm', 'hunter22'], io(Readable.from([])).io)).rejects.toThrow(/takes one NAME, got 2 arguments.*never from the command line/)
    await expect(runSecretCommand(['set', 'crm'], io(Readable.from([Buffer.from('\n')])).io)).rejects.toThrow('no value on stdin')
    await expect(runSecretCommand(['set', 'a b'], io(Readable.from([])).io)).rejects.toThrow('"a b" is not a secret name')
  })

  it('set on a terminal asks twice without echoing and refuses when the two differ', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[], setRawMode(m: boolean) { tty.modes.push(m); return tty } })
    const t = io(tty)
    const done = runSecretCommand(['set', 'smtp'], t.io)
    tty.write('s3cr')
    tty.write('x\u007ft\r')
    await new Promise((r) => setTimeout(r, 10))
    tty.write('s3crt\r')
    expect(await done).toBe(0)
    expect(t.keychain.items.get('vigil/smtp')).toBe('s3crt')
    expect(tty.modes).toEqual([true, false, true, false])
    expect(t.err.join('')).toBe('Value for secret "smtp" (not shown): \nType it again: \n')

    const tty2 = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => tty2 })
    const t2 = io(tty2)
    const failed = runSecretCommand(['set', 'smtp'], t2.io)
    tty2.write('one\r')
    await new Promise((r) => setTimeout(r, 10))
    tty2.write('two\r')
    await expect(failed).rejects.toThrow('the two values differ: nothing stored')
    expect(t2.keychain.items.size).toBe(0)
  })

  it('delete removes the item (exit 1 when there was none) and says when the environment still supplies a value', async () => {
    const t = io(Readable.from([]), { VIGIL_SECRET_CRM: 'env' })
    t.keychain.items.set('vigil/crm', 'v')
    expect(await runSecretCommand(['delete', 'crm'], t.io)).toBe(0)
    expect(await runSecretCommand(['delete', 'crm'], t.io)).toBe(1)
    expect(t.out).toEqual([
      'secret "crm" deleted from the OS keychain; the environment variable VIGIL_SECRET_CRM is still set and now supplies its value\n',
      'secret "crm" is not in the OS keychain; the environment variable VIGIL_SECRET_CRM is still set and now supplies its value\n'
    ])
  })

  it('list shows names, where each resolves from and the unresolved config references, never values', async () => {
    const config = join(dir, 'vigil.yaml')
    writeFileSync(config, 'sources:\n  - { id: a, kind: http-json, url: "http://x/${secret:api}", headers: { K: "${secret:env.key}" } }\n  - { id: b, kind: sql, connection: "${secret:db}" }\n')
    const t = io(Readable.from([]), { VIGIL_SECRET_ENV_KEY: 'envvalue' })
    t.keychain.items.set('vigil/api', 'kcvalue')
    t.keychain.items.set('vigil/unused', 'kcvalue2')
    t.keychain.items.set('vigil/archive-signing-key:00', 'PEM')
    expect(await runSecretCommand(['list', '--config', config], t.io)).toBe(0)
    const text = t.out.join('')
    expect(text.split('\n').slice(0, 5)).toEqual([
      'NAME     VALUE FROM   IN CONFIG',
      'api      keychain     yes',
      'db       NOT SET      yes',
      'env.key  VIGIL_SECRET_ENV_KEY  yes',
      'unused   keychain     no'
    ])
    expect(text).toContain(`unresolved references in ${config}: db`)
    expect(text).not.toMatch(/kcvalue|envvalue|PEM/)
  })
})
