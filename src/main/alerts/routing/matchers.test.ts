import { describe, expect, it } from 'vitest'
import { inhibitingAlert } from './inhibition'
import { matchersFromMaps, matchesAll, matchesOne, validateMatcher } from './matchers'

const labels = { alertname: 'HighLatency', service: 'checkout', region: 'eu-west' }

describe('label matchers', () => {
  it('implements = != =~ !~ with anchored regexes and missing labels as ""', () => {
    expect(matchesOne({ name: 'service', op: '=', value: 'checkout' }, labels)).toBe(true)
    expect(matchesOne({ name: 'service', op: '=', value: 'check' }, labels)).toBe(false)
    expect(matchesOne({ name: 'service', op: '!=', value: 'search' }, labels)).toBe(true)
    expect(matchesOne({ name: 'service', op: '!=', value: 'checkout' }, labels)).toBe(false)
    expect(matchesOne({ name: 'region', op: '=~', value: 'eu-.*' }, labels)).toBe(true)
    // Anchored: "eu" alone does not match "eu-west".
    expect(matchesOne({ name: 'region', op: '=~', value: 'eu' }, labels)).toBe(false)
    expect(matchesOne({ name: 'region', op: '!~', value: 'us-.*' }, labels)).toBe(true)
    expect(matchesOne({ name: 'region', op: '!~', value: 'eu-.*|us-.*' }, labels)).toBe(false)
    expect(matchesOne({ name: 'team', op: '=', value: '' }, labels)).toBe(true)
    expect(matchesOne({ name: 'team', op: '!=', value: 'platform' }, labels)).toBe(true)
    expect(matchesOne({ name: 'team', op: '=~', value: '.+' }, labels)).toBe(false)
  })

  it('matches a list only when every matcher matches; an empty list matches everything', () => {
    expect(matchesAll([], labels)).toBe(true)
    expect(matchesAll(matchersFromMaps({ service: 'checkout' }, { region: 'eu-.*' }), labels)).toBe(true)
    expect(matchesAll(matchersFromMaps({ service: 'checkout' }, { region: 'us-.*' }), labels)).toBe(false)
  })

  it('rejects bad matchers with a message that says where', () => {
    expect(() => validateMatcher({ name: 'x', op: '=~', value: '(' }, 'routes[2] matchers[0]')).toThrow(/routes\[2\] matchers\[0\]: matcher "x": "\(" is not a valid regular expression/)
    expect(() => validateMatcher({ name: 'x', op: '==' as never, value: 'a' }, 'silence "s1"')).toThrow(/silence "s1": matcher "x" has operator "=="/)
    expect(() => validateMatcher({ name: '', op: '=', value: 'a' }, 'here')).toThrow(/here: matcher name/)
  })
})

describe('inhibition', () => {
  const rule = {
    sourceMatchers: matchersFromMaps({ alertname: 'EngineDown' }),
    targetMatchers: matchersFromMaps({ alertname: 'SourceStale' }),
    equal: ['instance']
  }
  const engineDown = { id: 'down-a', labels: { alertname: 'EngineDown', instance: 'a' } }

  it('suppresses targets with equal values for the equal labels only', () => {
    expect(inhibitingAlert({ id: 'stale-a', labels: { alertname: 'SourceStale', instance: 'a' } }, [engineDown], [rule])).toBe('down-a')
    expect(inhibitingAlert({ id: 'stale-b', labels: { alertname: 'SourceStale', instance: 'b' } }, [engineDown], [rule])).toBeNull()
    expect(inhibitingAlert({ id: 'other', labels: { alertname: 'HighLatency', instance: 'a' } }, [engineDown], [rule])).toBeNull()
  })

  it('treats a label missing on both sides as equal', () => {
    const noInstance = { id: 'down', labels: { alertname: 'EngineDown' } }
    expect(inhibitingAlert({ id: 'stale', labels: { alertname: 'SourceStale' } }, [noInstance], [rule])).toBe('down')
    expect(inhibitingAlert({ id: 'stale', labels: { alertname: 'SourceStale', instance: 'a' } }, [noInstance], [rule])).toBeNull()
  })

  it('never lets an alert inhibit itself, nor two alerts inhibit each other', () => {
    const selfRule = { sourceMatchers: matchersFromMaps({ severity: 'critical' }), targetMatchers: matchersFromMaps({ team: 'platform' }), equal: [] }
    const a = { id: 'a', labels: { severity: 'critical', team: 'platform' } }
    const b = { id: 'b', labels: { severity: 'critical', team: 'platform' } }
    expect(inhibitingAlert(a, [a], [selfRule])).toBeNull()
    expect(inhibitingAlert(a, [a, b], [selfRule])).toBeNull()
    // A source that only matches the source side still inhibits a two-sided target.
    const c = { id: 'c', labels: { severity: 'critical', team: 'data' } }
    expect(inhibitingAlert(a, [a, c], [selfRule])).toBe('c')
  })
})
