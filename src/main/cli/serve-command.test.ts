import { describe, expect, it } from 'vitest'
import { CliError } from './cli-error'
import { defaultDataDir } from './data-dir'
import { notificationLinkBase, parseServeArgs } from './serve-command'

describe('parseServeArgs', () => {
  it('uses the documented defaults and generates a token', () => {
    const o = parseServeArgs([], { HOME: '/home/u', XDG_DATA_HOME: '' })
    expect(o.host).toBe('127.0.0.1')
    expect(o.port).toBe(4600)
    expect(o.tokenGenerated).toBe(true)
    expect(o.token!.length).toBeGreaterThanOrEqual(32)
    expect(parseServeArgs([], {}).token).not.toBe(o.token)
  })

  it('takes flags, and VIGIL_TOKEN when --token is absent', () => {
    const o = parseServeArgs(['--config', 'c.yaml', '--data-dir', '/d', '--host', '0.0.0.0', '--port', '0'], { VIGIL_TOKEN: 'from-env-0123456789' })
    expect(o).toMatchObject({ configPath: 'c.yaml', dataDir: '/d', host: '0.0.0.0', port: 0, token: 'from-env-0123456789', tokenGenerated: false })
    expect(parseServeArgs(['--token', 'flag-token-0123456789'], { VIGIL_TOKEN: 'from-env-0123456789' }).token).toBe('flag-token-0123456789')
  })

  it('rejects bad values with the flag named', () => {
    expect(() => parseServeArgs(['--port', 'http'], {})).toThrow(new CliError('--port: expected a port number 0-65535, got "http"'))
    expect(() => parseServeArgs(['--port', '70000'], {})).toThrow(/--port/)
    expect(() => parseServeArgs(['--token', 'short'], {})).toThrow(/--token: a token must be at least 16 characters/)
    expect(() => parseServeArgs(['--bogus'], {})).toThrow(/bogus/)
  })
})

describe('defaultDataDir', () => {
  it('follows each platform convention', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/vigil')
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming[\\/]vigil$/)
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/vigil$/)
    expect(defaultDataDir({ VIGIL_DATA_DIR: '/custom' }, 'linux')).toBe('/custom')
  })
})

describe('notificationLinkBase', () => {
  it('names the bound host, or the machine when serving on every interface', () => {
    expect(notificationLinkBase('127.0.0.1', 4600, 'noc-pc')).toBe('http://127.0.0.1:4600/')
    expect(notificationLinkBase('0.0.0.0', 4600, 'noc-pc')).toBe('http://noc-pc:4600/')
    expect(notificationLinkBase('::', 8080, 'noc-pc')).toBe('http://noc-pc:8080/')
    expect(notificationLinkBase('::1', 8080, 'noc-pc')).toBe('http://[::1]:8080/')
  })
})
