import { describe, expect, it } from 'vitest'
import { httpSecretsClient, secretStatusText } from './secrets-client'

describe('secrets client', () => {
  it('calls api/secrets with the value only in the PUT body and shows the server’s message on failure', async () => {
    const calls: { url: string; method?: string; body?: unknown }[] = []
    const fetcher = (async (url: string, init?: RequestInit) => {
      calls.push({ url, method: init?.method, body: init?.body })
      if (init?.method === 'DELETE') return new Response('{"error":{"code":"not_found","message":"secret \\"a b\\" is not in the OS keychain"}}', { status: 404 })
      return new Response(init?.method === 'GET' ? '{"keychainUnavailable":null,"secrets":[]}' : '{"name":"x","from":"keychain"}', { status: 200 })
    }) as typeof fetch
    const client = httpSecretsClient(fetcher, 'http://h/')
    expect(await client.list()).toEqual({ keychainUnavailable: null, secrets: [] })
    await client.set('smtp', 'pw')
    await expect(client.remove('a b')).rejects.toThrow('secret "a b" is not in the OS keychain')
    expect(calls).toEqual([
      { url: 'http://h/api/secrets', method: 'GET', body: undefined },
      { url: 'http://h/api/secrets/smtp', method: 'PUT', body: '{"value":"pw"}' },
      { url: 'http://h/api/secrets/a%20b', method: 'DELETE', body: undefined }
    ])
  })

  it('describes where a value comes from', () => {
    expect(secretStatusText({ name: 'slack-leads', referenced: true, from: 'env' })).toBe('set (environment variable VIGIL_SECRET_SLACK_LEADS)')
    expect(secretStatusText({ name: 'x', referenced: true, from: null })).toBe('NOT SET: the config refers to it')
    expect(secretStatusText({ name: 'x', referenced: false, from: 'keychain' })).toBe('set (OS keychain)')
  })
})
