import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../config/secrets-store'
import { fakeKeychain } from '../keychain/fake-keychain'
import { registerSecretRoutes, type SecretChangeEvent } from './secret-routes'

const dir = mkdtempSync(join(tmpdir(), 'vigil-secret-routes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const configPath = join(dir, 'vigil.yaml')
writeFileSync(configPath, 'receivers:\n  - { id: m, kind: email, smtp: { host: h, password: "${secret:smtp}" } }\n  - { id: w, kind: webhook, url: "${secret:hook-url}" }\n')

async function app(opts: { failAudit?: boolean } = {}) {
  const keychain = fakeKeychain()
  const secrets = new SecretStore({ keychain: keychain.open, accounts: keychain.accounts, env: { VIGIL_SECRET_HOOK_URL: 'https://h/x' } })
  const events: SecretChangeEvent[] = []
  const applied: string[][] = []
  const server = Fastify()
  await server.register(
    (scope) =>
      registerSecretRoutes(scope, {
        secrets,
        configPath: async () => configPath,
        applied: async (names) => void applied.push(names),
        onChange: (e) => {
          if (opts.failAudit) throw new Error('audit log is read-only')
          events.push(e)
        }
      }),
    { prefix: '/api' }
  )
  return { server, keychain, events, applied }
}

describe('secret routes', () => {
  it('lists referenced and stored names with where each resolves from, sets and deletes, and reports each change', async () => {
    const { server, keychain, events, applied } = await app()
    const list = async () => (await server.inject({ method: 'GET', url: '/api/secrets' })).json()
    expect(await list()).toEqual({
      keychainUnavailable: null,
      secrets: [
        { name: 'hook-url', referenced: true, from: 'env' },
        { name: 'smtp', referenced: true, from: null }
      ]
    })
    const put = await server.inject({ method: 'PUT', url: '/api/secrets/smtp', payload: { value: 'pw-123456' } })
    expect(put.statusCode).toBe(200)
    expect(put.body).toBe('{"name":"smtp","from":"keychain"}')
    expect(keychain.items.get('vigil/smtp')).toBe('pw-123456')
    const got = await list()
    expect(got.secrets[1]).toEqual({ name: 'smtp', referenced: true, from: 'keychain' })
    expect(JSON.stringify(got)).not.toContain('pw-123456')
    const del = await server.inject({ method: 'DELETE', url: '/api/secrets/smtp' })
    expect(del.json()).toEqual({ name: 'smtp', deleted: true, from: null })
    expect((await server.inject({ method: 'DELETE', url: '/api/secrets/smtp' })).json()).toEqual({ error: { code: 'not_found', message: 'secret "smtp" is not in the OS keychain' } })
    expect((await server.inject({ method: 'DELETE', url: '/api/secrets/hook-url' })).json().error.message).toContain('comes from an environment variable')
    expect(events).toEqual([
      { action: 'set', name: 'smtp' },
      { action: 'delete', name: 'smtp' }
    ])
    expect(applied).toEqual([['smtp'], ['smtp']])
  })

  it('refuses bad names and bodies without quoting the body', async () => {
    const { server, keychain } = await app()
    const bad = async (url: string, payload: string) => {
      const res = await server.inject({ method: 'PUT', url, payload, headers: { 'content-type': 'application/json' } })
      expect(res.statusCode).toBe(400)
      expect(res.body).not.toContain('hunter2-secret')
      return res.json().error.message as string
    }
    expect(await bad('/api/secrets/smtp', '{"value": hunter2-secret}')).toBe('PUT /api/secrets/smtp: the body is not valid JSON (send {"value":"…"})')
    expect(await bad('/api/secrets/smtp', '{"hunter2-secret": "x"}')).toBe('PUT /api/secrets/smtp: only the field "value" is accepted (send {"value":"…"})')
    expect(await bad('/api/secrets/smtp', '{"value": 12}')).toBe('PUT /api/secrets/smtp: field "value" must be a string')
    expect(await bad('/api/secrets/smtp', '{"value": ""}')).toBe('secret "smtp": the value is empty (delete the secret instead)')
    expect(await bad('/api/secrets/a%20b', '{"value": "hunter2-secret"}')).toMatch(/^PUT \/api\/secrets\/\{name\}: "a b" is not a secret name/)
    expect(keychain.items.size).toBe(0)
  })

  it('says the change was made when the audit entry could not be written', async () => {
    const { server, keychain } = await app({ failAudit: true })
    const res = await server.inject({ method: 'PUT', url: '/api/secrets/smtp', payload: { value: 'pw-123456' } })
    expect(res.statusCode).toBe(500)
    expect(res.json().error.message).toBe('secret "smtp" was stored, but the audit entry could not be written (audit log is read-only)')
    expect(keychain.items.get('vigil/smtp')).toBe('pw-123456')
  })
})
