import { describe, expect, it } from 'vitest'
import { envSecretLookup, expandSecrets, secretEnvName, secretNames } from './secrets'

describe('secrets', () => {
  it('maps names to environment variables', () => {
    expect(secretEnvName('slack-leads')).toBe('VIGIL_SECRET_SLACK_LEADS')
    expect(secretEnvName('pd.cto')).toBe('VIGIL_SECRET_PD_CTO')
  })

  it('expands references from the environment', () => {
    const lookup = envSecretLookup({ VIGIL_SECRET_CRM: 's3cr3t' })
    expect(expandSecrets('Bearer ${secret:crm}', lookup)).toBe('Bearer s3cr3t')
    expect(secretNames('a ${secret:x} b ${secret:y-z}')).toEqual(['x', 'y-z'])
  })

  it('names a missing secret without leaking other values', () => {
    const lookup = envSecretLookup({ VIGIL_SECRET_A: 'value-a' })
    expect(() => expandSecrets('${secret:a}:${secret:b}', lookup)).toThrow(
      'secret "b" is not set (set the environment variable VIGIL_SECRET_B)'
    )
    try {
      expandSecrets('${secret:a}:${secret:b}', lookup)
    } catch (err) {
      expect((err as Error).message).not.toContain('value-a')
    }
  })
})
