// Escalation levels, acknowledgement (and its expiry) and resolution, a 1-hour policy stepped in ms.
import { describe, expect, it } from 'vitest'
import { RoutingEngine } from './engine'
import { HOUR, MIN, SEC, T0, advance, alert, config, criticalRoute, resolved, summary } from './test-support'

const GROUP = 'critical{alertname="HighLatency"}'

function started(routeExtra = {}): RoutingEngine {
  const engine = new RoutingEngine(config([criticalRoute(routeExtra)]))
  engine.update([alert('HighLatency', { service: 'checkout' })], T0)
  return engine
}

describe('escalation', () => {
  it('notifies level 0 after group_wait, then 15m and 1h levels while firing and unacknowledged', () => {
    const engine = started()
    const run = advance(engine, T0 + 2 * HOUR)
    expect(summary(run.notifications)).toEqual([
      'desktop firing @10s',
      'noc-webhook firing @10s',
      'exec-email escalated @15m',
      'slack-leads escalated @15m',
      'pagerduty-cto escalated @1h'
    ])
    expect(run.notifications.map((n) => n.level)).toEqual([0, 0, 1, 1, 2])
    expect(run.history.filter((h) => h.groupKey === GROUP).map((h) => [h.kind, h.level, h.receivers.join('+')])).toEqual([
      ['notified', 0, 'desktop+noc-webhook'],
      ['escalated', 1, 'exec-email+slack-leads'],
      ['escalated', 2, 'pagerduty-cto']
    ])
    expect(engine.state().groups[0].levelReached).toBe(2)
  })

  it('re-pages a receiver listed again at a later level, telling it what resolved meanwhile', () => {
    const engine = new RoutingEngine(config([criticalRoute({ escalation: [{ afterMs: 0, receivers: ['desktop'] }, { afterMs: 15 * MIN, receivers: ['desktop', 'exec-email'] }] })]))
    const a = alert('HighLatency', { service: 'a' })
    const b = alert('HighLatency', { service: 'b' })
    engine.update([a, b], T0)
    advance(engine, T0 + 12 * MIN)
    engine.update([resolved(b)], T0 + 12 * MIN)
    const run = advance(engine, T0 + 20 * MIN)
    expect(summary(run.notifications)).toEqual(['desktop escalated @15m', 'exec-email escalated @15m'])
    expect(run.notifications.map((n) => n.level)).toEqual([1, 1])
    const states = (i: number): string[] => run.notifications[i].alerts.map((x) => `${x.labels.service}:${x.state}`).sort()
    expect(states(0)).toEqual(['a:firing', 'b:resolved'])
    expect(states(1)).toEqual(['a:firing'])
    expect(engine.state().groups[0].alertIds).toEqual([a.id])
  })

  it('does not escalate a group that resolved before the level was due', () => {
    const engine = started()
    advance(engine, T0 + 14 * MIN)
    engine.update([resolved(alert('HighLatency', { service: 'checkout' }))], T0 + 14 * MIN)
    const run = advance(engine, T0 + 2 * HOUR)
    // The next flush of the grid (10s + k × 5m) is at 15m10s; nobody new is paged at 15m.
    expect(summary(run.notifications)).toEqual(['desktop resolved @910s', 'noc-webhook resolved @910s'])
  })

  it('stops escalation and reminders when the group is acknowledged', () => {
    const engine = started()
    advance(engine, T0 + 10 * MIN)
    const ack = engine.acknowledge(GROUP, 'alice', 'looking at it', undefined, T0 + 10 * MIN)
    expect(summary(ack.notifications)).toEqual(['desktop acknowledged @10m', 'noc-webhook acknowledged @10m'])
    expect(ack.notifications[0].ack).toEqual({ by: 'alice', at: T0 + 10 * MIN, comment: 'looking at it', expiresAt: null })
    expect(ack.history.map((h) => [h.kind, h.by])).toEqual([['acknowledged', 'alice']])
    expect(engine.state().alerts[0].status).toBe('acknowledged')
    expect(advance(engine, T0 + 9 * HOUR).notifications).toEqual([])
  })

  it('acknowledges by alert id, and an ack after the 15m level still prevents the 1h level', () => {
    const engine = started()
    advance(engine, T0 + 20 * MIN)
    const a = alert('HighLatency', { service: 'checkout' })
    const ack = engine.acknowledge(a.id, 'bob', null, null, T0 + 20 * MIN)
    expect(ack.notifications.map((n) => n.receiver)).toEqual(['desktop', 'noc-webhook', 'exec-email', 'slack-leads'])
    expect(advance(engine, T0 + 3 * HOUR).notifications).toEqual([])
    expect(() => engine.acknowledge('nope', 'bob', null, null, T0 + 3 * HOUR)).toThrow(/no active alert group or firing alert "nope"/)
    expect(() => engine.acknowledge(GROUP, ' ', null, null, T0 + 3 * HOUR)).toThrow(/"by" must name who acknowledges/)
  })

  it('resumes when the route ack_timeout lapses: re-notifies the current level, the clock having paused while acknowledged', () => {
    const engine = started({ ackTimeoutMs: 30 * MIN })
    advance(engine, T0 + 10 * MIN)
    const ack = engine.acknowledge(GROUP, 'alice', null, undefined, T0 + 10 * MIN)
    expect(ack.notifications[0].ack?.expiresAt).toBe(T0 + 40 * MIN)
    const run = advance(engine, T0 + 2 * HOUR)
    // 30m acknowledged: level 1 moves from 15m to 45m, level 2 from 1h to 1h30m.
    expect(summary(run.notifications)).toEqual([
      'desktop reminder @40m',
      'noc-webhook reminder @40m',
      'exec-email escalated @45m',
      'slack-leads escalated @45m',
      'pagerduty-cto escalated @90m'
    ])
    expect(run.notifications[0].reason).toBe('acknowledgement expired while still firing')
    const expired = run.history.find((h) => h.kind === 'ack-expired')
    expect(expired).toMatchObject({ at: T0 + 40 * MIN, by: 'alice', groupKey: GROUP })
  })

  it('honours a per-acknowledgement expiry and rejects one in the past', () => {
    const engine = started()
    advance(engine, T0 + 5 * MIN)
    expect(() => engine.acknowledge(GROUP, 'carol', null, T0 + 5 * MIN, T0 + 5 * MIN)).toThrow(/expiresAt must be a time after now/)
    engine.acknowledge(GROUP, 'carol', 'until 7m', T0 + 7 * MIN, T0 + 5 * MIN)
    const run = advance(engine, T0 + 30 * MIN)
    expect(summary(run.notifications)).toEqual(['desktop reminder @7m', 'noc-webhook reminder @7m', 'exec-email escalated @17m', 'slack-leads escalated @17m'])
  })

  it('counts every acknowledged stretch when a group is acknowledged again before expiry', () => {
    const engine = started()
    advance(engine, T0 + 5 * MIN)
    engine.acknowledge(GROUP, 'alice', null, T0 + 10 * MIN, T0 + 5 * MIN)
    advance(engine, T0 + 8 * MIN)
    const again = engine.acknowledge(GROUP, 'bob', 'taking over', T0 + 20 * MIN, T0 + 8 * MIN)
    expect(again.notifications[0].ack).toMatchObject({ by: 'bob', expiresAt: T0 + 20 * MIN })
    const run = advance(engine, T0 + 40 * MIN)
    // Acknowledged from 5m to 20m: level 1 moves from 15m to 30m.
    expect(summary(run.notifications)).toEqual(['desktop reminder @20m', 'noc-webhook reminder @20m', 'exec-email escalated @30m', 'slack-leads escalated @30m'])
  })

  it('does not re-notify after an ack expires if the group resolved meanwhile', () => {
    const engine = started({ ackTimeoutMs: 30 * MIN })
    advance(engine, T0 + 10 * MIN)
    engine.acknowledge(GROUP, 'alice', null, undefined, T0 + 10 * MIN)
    advance(engine, T0 + 20 * MIN)
    engine.update([resolved(alert('HighLatency', { service: 'checkout' }))], T0 + 20 * MIN)
    const run = advance(engine, T0 + 2 * HOUR)
    expect(summary(run.notifications)).toEqual(['desktop resolved @1210s', 'noc-webhook resolved @1210s'])
  })

  it('sends resolved to every receiver that was notified in the episode, and only to them', () => {
    const engine = started()
    advance(engine, T0 + 20 * MIN)
    engine.update([resolved(alert('HighLatency', { service: 'checkout' }))], T0 + 20 * MIN)
    const run = advance(engine, T0 + 3 * HOUR)
    expect(summary(run.notifications)).toEqual([
      'desktop resolved @1210s',
      'noc-webhook resolved @1210s',
      'exec-email resolved @1210s',
      'slack-leads resolved @1210s'
    ])
    expect(run.history.map((h) => h.kind)).toEqual(['closed'])
  })

  it('lists the group\'s alerts in acknowledged intents even when they all just resolved', () => {
    const engine = started()
    advance(engine, T0 + MIN)
    engine.update([resolved(alert('HighLatency', { service: 'checkout' }))], T0 + 2 * MIN)
    const ack = engine.acknowledge(GROUP, 'alice', null, null, T0 + 3 * MIN)
    expect(ack.notifications.map((n) => [n.kind, n.alerts.map((a) => a.state).join()])).toEqual([
      ['acknowledged', 'resolved'],
      ['acknowledged', 'resolved']
    ])
  })

  it('closes silently when every alert resolves during group_wait', () => {
    const engine = started()
    engine.update([resolved(alert('HighLatency', { service: 'checkout' }))], T0 + 5 * SEC)
    const run = advance(engine, T0 + HOUR)
    expect(run.notifications).toEqual([])
    expect(run.history).toMatchObject([{ kind: 'closed', detail: 'resolved before anyone was notified' }])
  })

  it('starts a new episode (new dedup key) when the group fires again after closing', () => {
    const engine = started()
    const first = advance(engine, T0 + MIN).notifications
    engine.update([resolved(alert('HighLatency', { service: 'checkout' }))], T0 + 2 * MIN)
    const closing = advance(engine, T0 + 10 * MIN).notifications
    expect(closing.map((n) => n.dedupKey)).toEqual(first.map((n) => n.dedupKey))
    engine.update([alert('HighLatency', { service: 'checkout' })], T0 + 20 * MIN)
    const again = advance(engine, T0 + 21 * MIN).notifications
    expect(summary(again)).toEqual(['desktop firing @1210s', 'noc-webhook firing @1210s'])
    expect(again[0].dedupKey).not.toBe(first[0].dedupKey)
    expect(again[0].episodeStart).toBe(T0 + 20 * MIN)
  })
})
