import { describe, expect, it } from 'vitest'
import { testDeps } from '../../../../test/helpers/source-deps'
import { SecretStrings } from './secret-strings'

describe('SecretStrings', () => {
  it('expands at call time and scrubs the values it expanded (plain and URL-encoded)', () => {
    const env: NodeJS.ProcessEnv = {}
    const secrets = new SecretStrings(testDeps('/', env))
    expect(() => secrets.expand('Bearer ${secret:api}', 'header "Authorization"')).toThrow(
      'header "Authorization": secret "api" is not set (set the environment variable VIGIL_SECRET_API)'
    )
    env.VIGIL_SECRET_API = 'p@ss word'
    expect(secrets.expand('Bearer ${secret:api}', 'header')).toBe('Bearer p@ss word')
    expect(secrets.scrub('failed for p@ss word and p%40ss%20word')).toBe('failed for *** and ***')
  })
})

describe('SecretStrings.expandHeader', () => {
  it('scrubs literal credentials of credential-like headers, and the bare token', () => {
    const secrets = new SecretStrings(testDeps('/'))
    expect(secrets.expandHeader('Authorization', 'Bearer literal-token')).toBe('Bearer literal-token')
    expect(secrets.expandHeader('Accept', 'application/json')).toBe('application/json')
    expect(secrets.scrub('server said: bad token literal-token (application/json)')).toBe('server said: bad token *** (application/json)')
  })
})
