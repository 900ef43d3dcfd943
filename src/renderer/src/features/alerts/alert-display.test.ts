import { describe, expect, it } from 'vitest'
import type { ActiveAlert, AlertGroupSummary } from '@shared/alerts'
import {
  ALERT_LISTS,
  alertsByList,
  bannerAlerts,
  escalationText,
  formatMatchers,
  historyDisplay,
  labelsText,
  parseMatchers,
  rateText,
  severityDisplay,
  silenceMatchersFor,
  statusDisplay,
  STATUS_DISPLAY,
  valueText
} from './alert-display'

function alert(over: Partial<ActiveAlert>): ActiveAlert {
  return {
    id: 'a1',
    rule: 'HighLatency',
    severity: 'critical',
    status: 'firing',
    value: 312.123456789,
    labels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' },
    annotations: { summary: 'checkout latency 312 ms' },
    since: 1000,
    activeAt: 1000,
    firedAt: 1000,
    ack: null,
    groups: ['critical{alertname="HighLatency"}'],
    escalationLevel: null,
    silencedBy: null,
    inhibitedBy: null,
    mutedBy: null,
    noise: null,
    ...over
  }
}

const group = (levels: number): AlertGroupSummary => ({
  key: 'critical{alertname="HighLatency"}',
  route: 'critical',
  labels: { alertname: 'HighLatency' },
  firingSince: 1000,
  alertIds: ['a1'],
  levelReached: 0,
  levels,
  ack: null,
  mutedBy: null,
  receivers: []
})

describe('alert display', () => {
  it('shows severity and status as a word and a shape, never colour alone', () => {
    for (const s of ['critical', 'warning', 'info']) {
      const d = severityDisplay(s)
      expect(d.word).not.toBe('')
      expect(d.shape).not.toBe('')
    }
    const shapes = Object.values(STATUS_DISPLAY).map((d) => d.shape)
    expect(new Set(shapes).size).toBe(shapes.length)
    expect(statusDisplay('exploded')).toMatchObject({ word: 'exploded', shape: '?' })
    expect(historyDisplay('fired').word).toBe('Fired')
    expect(historyDisplay('new-kind').word).toBe('new-kind')
  })

  it('puts each status in exactly one list, keeping order', () => {
    const all = ALERT_LISTS.flatMap((l) => l.statuses as readonly string[])
    expect(all.sort()).toEqual(Object.keys(STATUS_DISPLAY).sort())
    const lists = alertsByList([
      alert({ id: 'f1' }),
      alert({ id: 'p1', status: 'pending' }),
      alert({ id: 'k1', status: 'acknowledged' }),
      alert({ id: 's1', status: 'silenced' }),
      alert({ id: 'i1', status: 'inhibited' }),
      alert({ id: 'f2' })
    ])
    expect(Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.map((a) => a.id)]))).toEqual({
      firing: ['f1', 'f2'],
      pending: ['p1'],
      acknowledged: ['k1'],
      silenced: ['s1', 'i1']
    })
  })

  it('says where escalation stands', () => {
    expect(escalationText(alert({ escalationLevel: 1 }), [group(3)])).toBe('Level 2 of 3')
    expect(escalationText(alert({ escalationLevel: null }), [group(3)])).toBe('Not notified yet')
    expect(escalationText(alert({ escalationLevel: null }), [group(0)])).toBe('No receivers')
    expect(escalationText(alert({ status: 'pending', groups: [] }), [])).toBe('Not routed while pending')
  })

  it('prefills a silence for exactly this alert and round-trips matcher text', () => {
    const matchers = silenceMatchersFor(alert({}))
    expect(matchers).toEqual([
      { name: 'alertname', op: '=', value: 'HighLatency' },
      { name: 'service', op: '=', value: 'checkout' },
      { name: 'team', op: '=', value: 'platform' }
    ])
    expect(parseMatchers(formatMatchers(matchers))).toEqual(matchers)
    expect(parseMatchers('service=~check.*\n\nteam != "ops"')).toEqual([
      { name: 'service', op: '=~', value: 'check.*' },
      { name: 'team', op: '!=', value: 'ops' }
    ])
    expect(() => parseMatchers('alertname=X\nnot a matcher')).toThrow('line 2: "not a matcher" is not a matcher')
    expect(() => parseMatchers('  \n')).toThrow(/at least one matcher/)
  })

  it('formats values, labels and rates', () => {
    expect(valueText(312.123456789)).toBe('312.123')
    expect(valueText(null)).toBe('—')
    expect(labelsText({ alertname: 'X', severity: 'critical', b: '2', a: '1' })).toBe('a=1, b=2')
    expect(rateText(null)).toBe('—')
    expect(rateText(1.25)).toBe('1.3 %')
    expect(rateText(100)).toBe('100 %')
  })

  it('puts only firing critical alerts nobody has acknowledged on the banner', () => {
    const shown = bannerAlerts([
      alert({ id: 'c' }),
      alert({ id: 'w', severity: 'warning' }),
      alert({ id: 'k', status: 'acknowledged' }),
      alert({ id: 's', status: 'silenced' }),
      alert({ id: 'p', status: 'pending' })
    ])
    expect(shown.map((a) => a.id)).toEqual(['c'])
  })
})
