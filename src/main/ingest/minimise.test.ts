import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { privacySchema, type PrivacyConfig } from '@shared/config/privacy-schema'
import type { IngestSample } from '@shared/types'
import { parseConfigText } from '../config/parse-config'
import type { AppendResult } from '../store/metric-store'
import { IngestQueue } from './ingest-queue'
import { Minimiser, RECORD_ID_HEX } from './minimise'

const KEY = 'k3y-for-tests-0123456789'
const secrets = (values: Record<string, string>) => ({
  expandSecrets: (text: string) =>
    text.replace(/\$\{secret:([^}]+)\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`secret "${name}" is not set (set the environment variable VIGIL_SECRET_${name.toUpperCase()})`)
      return values[name]
    })
})
const config = (p: unknown): PrivacyConfig => privacySchema.parse(p)
const hmac = (value: string, hex = 12, key = KEY): string => createHmac('sha256', key).update(value).digest('hex').slice(0, hex)
const sample = (name: string, labels: Record<string, string>, value = 1): IngestSample => ({ name, labels, ts: 1_700_000_000_000, value })

describe('Minimiser', () => {
  const rules = config({
    hash_key: '${secret:hash}',
    drop_labels: ['user_email', '*_ip'],
    hash_labels: ['user_id', 'customer*'],
    drop_series: ['debug_*'],
    sources: { crm: { drop_labels: ['region'], hash_record_ids: true, hash_labels: ['account'] } }
  })

  it('drops labels by name and glob, hashes identifiers to a keyed hex prefix and drops series', () => {
    const m = new Minimiser(rules, secrets({ hash: KEY }))
    const input = [
      sample('logins', { user_email: 'ann@example.com', client_ip: '10.1.2.3', user_id: 'u-17', region: 'eu' }),
      sample('debug_trace', { user_id: 'u-17' }),
      sample('logins', { customer_no: 'C-99', server_ip: '10.0.0.1' })
    ]
    const out = m.samples('web', input)
    expect(out.kept).toEqual([0, 2])
    expect(out.samples).toEqual([
      sample('logins', { user_id: hmac('u-17'), region: 'eu' }),
      sample('logins', { customer_no: hmac('C-99') })
    ])
    // Stable: the same value hashes the same way in a later write (dashboards group by it).
    expect(m.samples('web', [sample('x', { user_id: 'u-17' })]).samples[0].labels.user_id).toBe(hmac('u-17'))
    // The input is not modified (callers may still hold it).
    expect(input[0].labels.user_email).toBe('ann@example.com')
    // Another key gives other hashes.
    const other = new Minimiser(rules, secrets({ hash: 'another-key-0123456789' }))
    expect(other.samples('web', [sample('x', { user_id: 'u-17' })]).samples[0].labels.user_id).not.toBe(hmac('u-17'))
  })

  it('adds a source\'s own rules to the global ones, and passes untouched data through unchanged', () => {
    const m = new Minimiser(rules, secrets({ hash: KEY }))
    const out = m.samples('crm', [sample('deals', { region: 'eu', account: 'acme', user_ip: 'x' })])
    expect(out.samples[0].labels).toEqual({ account: hmac('acme') })
    const plain = [sample('deals', { region: 'eu' })]
    const same = m.samples('web', plain)
    expect(same.samples[0]).toBe(plain[0])
    expect(same.kept).toBeNull()
    const none = new Minimiser(config({}), secrets({}))
    expect(none.samples('web', plain).samples).toBe(plain)
  })

  it('applies label rules to prediction features and hashes record ids and late labels alike', () => {
    const m = new Minimiser(rules, secrets({ hash: KEY }))
    const [rec] = m.predictions('crm', [
      { ts: 1, model: 'churn', id: 'order-1', prediction: 1, score: null, label: null, latencyMs: null, features: { user_email: 'ann@example.com', customer_no: 12345, tenure: 14, region: 'eu' } }
    ])
    expect(rec.features).toEqual({ customer_no: hmac('12345'), tenure: 14 })
    expect(rec.id).toBe(hmac('order-1', RECORD_ID_HEX))
    const late = m.lateLabels('crm', [{ id: 'order-1', label: 0 }])
    expect(late.labels).toEqual([{ id: rec.id, label: 0 }])
    expect(late.originals.get(rec.id as string)).toBe('order-1')
    // Another source keeps its record ids (only crm hashes them).
    expect(m.predictions('web', [{ ts: 1, model: 'm', id: 'order-1', prediction: 0, score: null, label: null, latencyMs: null, features: {} }])[0].id).toBe('order-1')
  })

  it('refuses data it would have to hash when the key secret is missing, naming the secret, never storing it raw', () => {
    const m = new Minimiser(rules, secrets({}))
    expect(m.problem).toBe('privacy.hash_key: secret "hash" is not set (set the environment variable VIGIL_SECRET_HASH)')
    expect(() => m.samples('web', [sample('x', { user_id: 'u' })])).toThrow(
      'privacy rules of source "web" hash values, but privacy.hash_key: secret "hash" is not set (set the environment variable VIGIL_SECRET_HASH); its data is refused rather than stored unhashed'
    )
    const short = new Minimiser(rules, secrets({ hash: 'short' }))
    expect(short.problem).toMatch(/shorter than 16 characters/)
    expect(short.problem).not.toContain('short"')
    // Rules that only drop need no key.
    const dropOnly = new Minimiser(config({ drop_labels: ['user_email'] }), secrets({}))
    expect(dropOnly.samples('web', [sample('x', { user_email: 'a@b' })]).samples[0].labels).toEqual({})
  })
})

describe('IngestQueue with minimisation', () => {
  it('stores only the minimised samples and reports rejections against the caller\'s indexes', async () => {
    const m = new Minimiser(config({ drop_series: ['debug_*'], drop_labels: ['user_email'] }), secrets({}))
    const appended: IngestSample[][] = []
    const store = {
      append: async (_source: string, samples: IngestSample[]): Promise<AppendResult> => {
        appended.push(samples)
        // The store rejects the sample with a NaN value (index 1 of what it was given).
        const rejected = samples.flatMap((s, index) => (Number.isNaN(s.value) ? [{ index, reason: 'value is NaN' }] : []))
        return { accepted: samples.length - rejected.length, rejected }
      }
    }
    const queue = new IngestQueue({ store, flushIntervalMs: 0, maxBatch: 1000, minimise: (source, samples) => m.samples(source, samples) })
    const result = await queue.write('web', [
      sample('debug_a', {}),
      sample('ok', { user_email: 'ann@example.com' }),
      sample('debug_b', {}),
      sample('bad', {}, NaN)
    ])
    expect(appended).toEqual([[sample('ok', {}), sample('bad', {}, NaN)]])
    expect(result).toEqual({ accepted: 1, rejected: [{ index: 3, reason: 'value is NaN' }] })
    // All dropped: nothing reaches the store.
    expect(await queue.write('web', [sample('debug_c', {})])).toEqual({ accepted: 0, rejected: [] })
    expect(appended).toHaveLength(1)
  })

  it('rejects the write when the minimiser refuses it', async () => {
    const m = new Minimiser(config({ hash_key: '${secret:nope}', hash_labels: ['user'] }), secrets({}))
    const queue = new IngestQueue({ store: { append: async () => ({ accepted: 1, rejected: [] }) }, flushIntervalMs: 0, maxBatch: 10, minimise: (s, x) => m.samples(s, x) })
    await expect(queue.write('web', [sample('x', { user: 'u' })])).rejects.toThrow(/secret "nope" is not set/)
  })
})

describe('privacy config', () => {
  const parse = (privacy: string, sources = '  - { id: crm, kind: push }\n') => parseConfigText(`sources:\n${sources}privacy:\n${privacy}`, 'vigil.yaml')
  const problem = (privacy: string): string => {
    try {
      parse(privacy)
    } catch (err) {
      return (err as Error).message
    }
    throw new Error('expected a config error')
  }

  it('accepts global and per-source rules with a secret key', () => {
    const cfg = parse('  hash_key: ${secret:vigil-hash}\n  hash_labels: [user_id]\n  drop_labels: ["*_ip"]\n  sources:\n    crm: { drop_series: ["debug_*"], hash_record_ids: true }\n')
    expect(cfg.privacy).toMatchObject({ hash_length: 12, hash_labels: ['user_id'], drop_labels: ['*_ip'], sources: { crm: { drop_series: ['debug_*'], hash_record_ids: true } } })
    expect(parseConfigText('sources: []\n', 'vigil.yaml').privacy).toMatchObject({ drop_labels: [], hash_labels: [], drop_series: [], sources: {} })
  })

  it('explains bad globs, a missing or literal key and unknown sources', () => {
    expect(problem('  drop_labels: ["user-email"]\n')).toMatch(/privacy\.drop_labels\[0\]: expected a label name or glob/)
    expect(problem('  drop_series: ["a b"]\n')).toMatch(/privacy\.drop_series\[0\]: expected a series name or glob/)
    expect(problem('  hash_labels: [user_id]\n')).toMatch(/privacy\.hash_key: hash_labels \/ hash_record_ids need a hash_key/)
    expect(problem('  hash_key: s3cret-literal-key\n  hash_labels: [user_id]\n')).toMatch(/privacy\.hash_key: expected a secret reference/)
    expect(problem('  hash_key: s3cret-literal-key\n  hash_labels: [user_id]\n')).not.toContain('s3cret-literal-key')
    expect(problem('  sources:\n    crn: { drop_labels: [email] }\n')).toMatch(/privacy\.sources\.crn: unknown source "crn"/)
    expect(problem('  hash_length: 4\n')).toMatch(/privacy\.hash_length/)
  })
})
