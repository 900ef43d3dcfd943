// The Secrets page's calls: GET/PUT/DELETE api/secrets over HTTP (`vigil serve`, admin role).
// Values only travel to the server; nothing returned ever carries one.

export interface SecretRow {
  name: string
  referenced: boolean
  from: 'keychain' | 'env' | null
}

export interface SecretList {
  keychainUnavailable: string | null
  secrets: SecretRow[]
}

export interface SecretsClient {
  list(): Promise<SecretList>
  set(name: string, value: string): Promise<void>
  remove(name: string): Promise<void>
}

export const secretKeys = { list: ['secrets', 'list'] as const }

/** The HTTP client; `baseUrl` is "" in the browser (URLs relative to the page). */
export function httpSecretsClient(doFetch: typeof fetch = (i, init) => globalThis.fetch(i, init), baseUrl = ''): SecretsClient {
  const call = async (method: string, name: string | null, body?: unknown): Promise<unknown> => {
    const url = `${baseUrl}api/secrets${name === null ? '' : `/${encodeURIComponent(name)}`}`
    let res: Response
    try {
      res = await doFetch(url, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
    } catch (err) {
      throw new Error(`secrets: cannot reach the Vigil server (${err instanceof Error ? err.message : String(err)})`)
    }
    const text = await res.text()
    if (!res.ok) throw new Error(errorText(res, text))
    return text === '' ? null : JSON.parse(text)
  }
  return {
    list: async () => (await call('GET', null)) as SecretList,
    set: async (name, value) => void (await call('PUT', name, { value })),
    remove: async (name) => void (await call('DELETE', name))
  }
}

function errorText(res: Response, text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message
    if (typeof message === 'string' && message !== '') return message
  } catch {
    // not JSON
  }
  if (res.status === 403) return 'managing secrets needs the admin token'
  return `secrets: the server answered HTTP ${res.status}`
}

/** How a row's status reads: where the value comes from, or that a config reference cannot resolve. */
export function secretStatusText(row: SecretRow): string {
  if (row.from === 'keychain') return 'set (OS keychain)'
  if (row.from === 'env') return `set (environment variable VIGIL_SECRET_${row.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')})`
  return row.referenced ? 'NOT SET: the config refers to it' : 'not set'
}
