// group_wait, group_interval batching and repeat_interval reminders, with stepped time.
import { describe, expect, it } from 'vitest'
import { RoutingEngine } from './engine'
import { HOUR, MIN, SEC, T0, advance, alert, config, resolved } from './test-support'

const opsRoute = { id: 'ops', groupBy: ['alertname'], escalation: [{ afterMs: 0, receivers: ['ops'] }] }

describe('routing timing (Alertmanager meanings and defaults)', () => {
  it('holds a new group for group_wait (default 30s) before its first notification', () => {
    const engine = new RoutingEngine(config([opsRoute]))
    const a = alert('HighLatency', { service: 'checkout' })
    expect(engine.update([a], T0).notifications).toEqual([])
    expect(engine.tick(T0 + 29_999).notifications).toEqual([])
    const first = engine.tick(T0 + 30 * SEC)
    expect(first.notifications.map((n) => [n.receiver, n.kind, n.level])).toEqual([['ops', 'firing', 0]])
    expect(first.notifications[0].alerts.map((x) => x.id)).toEqual([a.id])
    expect(first.notifications[0].groupKey).toBe('ops{alertname="HighLatency"}')
    expect(first.history.map((h) => h.kind)).toEqual(['notified'])
  })

  it('batches alerts joining a notified group onto the group_interval grid', () => {
    const engine = new RoutingEngine(config([{ ...opsRoute, groupWaitMs: 10 * SEC }]))
    const a = alert('HighLatency', { service: 'checkout' })
    const b = alert('HighLatency', { service: 'search' })
    const c = alert('HighLatency', { service: 'billing' })
    engine.update([a], T0)
    expect(advance(engine, T0 + 10 * SEC).notifications).toHaveLength(1)
    // b arrives at 1m: nothing until the next grid point, 10s + 5m.
    engine.update([b], T0 + MIN)
    expect(advance(engine, T0 + 5 * MIN + 9 * SEC).notifications).toEqual([])
    const second = engine.tick(T0 + 5 * MIN + 10 * SEC)
    expect(second.notifications).toHaveLength(1)
    expect(second.notifications[0].kind).toBe('firing')
    expect(second.notifications[0].reason).toBe('1 new alert(s) firing')
    expect(second.notifications[0].alerts.map((x) => x.labels.service).sort()).toEqual(['checkout', 'search'])
    // c at 6m and a resolution at 7m go out together at 10m10s.
    engine.update([c], T0 + 6 * MIN)
    engine.update([resolved(a)], T0 + 7 * MIN)
    expect(advance(engine, T0 + 10 * MIN + 9 * SEC).notifications).toEqual([])
    const third = engine.tick(T0 + 10 * MIN + 10 * SEC)
    expect(third.notifications).toHaveLength(1)
    expect(third.notifications[0].reason).toBe('1 new alert(s) firing, 1 alert(s) resolved')
    const states = Object.fromEntries(third.notifications[0].alerts.map((x) => [x.labels.service, x.state]))
    expect(states).toEqual({ search: 'firing', billing: 'firing', checkout: 'resolved' })
    // The reported resolution leaves the group.
    expect(engine.state().groups[0].alertIds.sort()).toEqual([b.id, c.id].sort())
  })

  it('puts alerts with different group_by values into separate groups, and all labels with "..."', () => {
    const engine = new RoutingEngine(config([{ ...opsRoute, groupBy: ['service'] }]))
    engine.update([alert('A', { service: 'x' }), alert('B', { service: 'x' }), alert('A', { service: 'y' })], T0)
    expect(engine.state().groups.map((g) => g.key)).toEqual(['ops{service="x"}', 'ops{service="y"}'])
    const everyLabel = new RoutingEngine(config([{ ...opsRoute, groupBy: ['...'] }]))
    everyLabel.update([alert('A', { service: 'x' }), alert('B', { service: 'x' })], T0)
    expect(everyLabel.state().groups).toHaveLength(2)
    // Alertmanager's default group_by is [] (one group per route).
    const oneGroup = new RoutingEngine(config([{ id: 'ops', escalation: opsRoute.escalation }]))
    oneGroup.update([alert('A', { service: 'x' }), alert('B', { service: 'y' })], T0)
    expect(oneGroup.state().groups.map((g) => g.key)).toEqual(['ops{}'])
  })

  it('re-notifies an unchanged firing group every repeat_interval (default 4h)', () => {
    const engine = new RoutingEngine(config([opsRoute]))
    engine.update([alert('DiskFull')], T0)
    const run = advance(engine, T0 + 9 * HOUR)
    expect(run.notifications.map((n) => [n.kind, n.at - T0])).toEqual([
      ['firing', 30 * SEC],
      ['reminder', 4 * HOUR + 30 * SEC],
      ['reminder', 8 * HOUR + 30 * SEC]
    ])
    expect(run.notifications[1].reason).toMatch(/repeat_interval 4h/)
  })

  it('counts news as contact: the reminder clock restarts when a receiver hears about a change', () => {
    const engine = new RoutingEngine(config([{ ...opsRoute, repeatIntervalMs: HOUR }]))
    engine.update([alert('A', { n: '1' })], T0)
    advance(engine, T0 + 40 * MIN)
    expect(engine.update([alert('A', { n: '2' })], T0 + 40 * MIN).notifications).toEqual([])
    const run = advance(engine, T0 + 2 * HOUR)
    // Grid: 30s + k × 5m, so the news goes at 40m30s and the reminder an hour after it.
    expect(run.notifications.map((n) => [n.kind, n.at - T0])).toEqual([
      ['firing', 40 * MIN + 30 * SEC],
      ['reminder', HOUR + 40 * MIN + 30 * SEC]
    ])
  })

  it('keeps batching on the grid even when nothing ticked for a while before a change', () => {
    const engine = new RoutingEngine(config([opsRoute]))
    engine.update([alert('A', { n: '1' })], T0)
    engine.tick(T0 + 30 * SEC)
    // No calls between 30s and 40m: the change must still wait for the next grid point.
    expect(engine.update([alert('A', { n: '2' })], T0 + 40 * MIN).notifications).toEqual([])
    expect(engine.tick(T0 + 40 * MIN + 29 * SEC).notifications).toEqual([])
    expect(engine.tick(T0 + 40 * MIN + 30 * SEC).notifications.map((n) => n.kind)).toEqual(['firing'])
  })

  it('ends the episode with a resolved notice at the next flush and forgets the group', () => {
    const engine = new RoutingEngine(config([opsRoute]))
    const a = alert('DiskFull')
    engine.update([a], T0)
    advance(engine, T0 + MIN)
    const r = engine.update([resolved(a)], T0 + 2 * MIN)
    expect(r.history.map((h) => h.kind)).toEqual(['resolved'])
    expect(engine.state().alerts[0].status).toBe('resolved')
    const run = advance(engine, T0 + HOUR)
    expect(run.notifications.map((n) => [n.receiver, n.kind, n.at - T0])).toEqual([['ops', 'resolved', 5 * MIN + 30 * SEC]])
    expect(run.notifications[0].alerts[0].state).toBe('resolved')
    expect(engine.state().groups).toEqual([])
    expect(engine.state().alerts).toEqual([])
  })

  it('keeps an alert that flaps back before the flush in the same episode, without news', () => {
    const engine = new RoutingEngine(config([opsRoute]))
    const a = alert('DiskFull')
    engine.update([a], T0)
    const first = advance(engine, T0 + MIN).notifications
    engine.update([resolved(a)], T0 + 2 * MIN)
    engine.update([a], T0 + 3 * MIN)
    const later = advance(engine, T0 + 30 * MIN).notifications
    expect(later).toEqual([])
    expect(engine.state().groups[0].firingSince).toBe(first[0].episodeStart)
  })
})
