import { describe, expect, it } from 'vitest'
import { CliError } from './cli-error'
import { isLoopbackHost, leastPrivilegedToken, resolveRoleTokens, tokenLines } from './role-tokens'
import { parseServeArgs } from './serve-command'

const V = 'viewer-token-0123456789'
const O = 'operator-token-0123456789'
const A = 'admin-token-0123456789'

describe('role tokens', () => {
  it('generates every missing token on loopback only', () => {
    const s = resolveRoleTokens({ 'viewer-token': V }, {}, '127.0.0.1')
    expect(s.tokens.viewer).toBe(V)
    expect(s.generated).toEqual(['operator', 'admin'])
    expect(s.tokens.admin!.length).toBeGreaterThanOrEqual(32)
    expect(s.origin).toEqual({ viewer: '--viewer-token' })
  })

  it('refuses a non-loopback bind without explicit tokens, naming the flags', () => {
    expect(() => resolveRoleTokens({}, {}, '0.0.0.0')).toThrow(CliError)
    expect(() => parseServeArgs(['--host', '0.0.0.0'], {})).toThrow(/--host 0\.0\.0\.0 makes Vigil reachable from other machines, so it needs explicit tokens: give --admin-token/)
    expect(() => parseServeArgs(['--host', '192.168.1.5'], {})).toThrow(/no token is generated/)
  })

  it('on a public bind, uses only the given tokens (other roles are disabled)', () => {
    const s = resolveRoleTokens({}, { VIGIL_VIEWER_TOKEN: V }, '0.0.0.0')
    expect(s.tokens).toEqual({ viewer: V })
    expect(s.generated).toEqual([])
    expect(leastPrivilegedToken(s.tokens)).toBe(V)
    expect(tokenLines('http://h:1', { ...s, tokenOrigin: s.origin })).toEqual([
      `  viewer:   http://h:1/?token=${V}   (from VIGIL_VIEWER_TOKEN)`,
      '  operator: (no token: give --operator-token or VIGIL_OPERATOR_TOKEN to enable this role)',
      '  admin:    (no token: give --admin-token or VIGIL_ADMIN_TOKEN to enable this role)',
      `  api:        curl -H "Authorization: Bearer ${V}" http://h:1/api/health`
    ])
  })

  it('keeps --token / VIGIL_TOKEN as the admin token; flags beat the environment', () => {
    expect(resolveRoleTokens({ token: A }, {}, '::').tokens).toEqual({ admin: A })
    expect(resolveRoleTokens({}, { VIGIL_TOKEN: A }, '0.0.0.0').tokens).toEqual({ admin: A })
    expect(resolveRoleTokens({ 'admin-token': A }, { VIGIL_ADMIN_TOKEN: 'env-admin-0123456789', VIGIL_TOKEN: 'old-admin-0123456789' }, '::').tokens.admin).toBe(A)
    expect(resolveRoleTokens({}, { VIGIL_ADMIN_TOKEN: A, VIGIL_TOKEN: 'old-admin-0123456789' }, '::').tokens.admin).toBe(A)
    expect(parseServeArgs(['--host', '0.0.0.0', '--operator-token', O, '--admin-token', A], {})).toMatchObject({ token: A, tokens: { operator: O, admin: A }, generated: [] })
  })

  it('rejects short, duplicated and conflicting tokens, naming where they came from', () => {
    expect(() => resolveRoleTokens({ 'viewer-token': 'short' }, {}, '::1')).toThrow('--viewer-token: a token must be at least 16 characters (it guards the API)')
    expect(() => resolveRoleTokens({ 'viewer-token': V }, { VIGIL_OPERATOR_TOKEN: V }, '::1')).toThrow('--viewer-token and VIGIL_OPERATOR_TOKEN are the same token')
    expect(() => resolveRoleTokens({ token: A, 'admin-token': O }, {}, '::1')).toThrow(/--token and --admin-token both name the admin token/)
  })

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true)
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false)
  })
})
