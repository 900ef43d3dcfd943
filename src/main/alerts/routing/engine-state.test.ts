// Route selection (continue, fallback), persistence (serialise/restore, stable dedup keys), config
// reloads and bad input.
import { describe, expect, it } from 'vitest'
import { routeWithDefaults } from './defaults'
import { RoutingEngine } from './engine'
import { matchersFromMaps } from './matchers'
import { HOUR, MIN, SEC, T0, advance, alert, config, criticalRoute, resolved, summary } from './test-support'
import type { RoutingConfig } from './types'

const leads = { id: 'platform', groupBy: ['alertname'], matchers: matchersFromMaps({ team: 'platform' }), escalation: [{ afterMs: 0, receivers: ['platform-chat'] }] }
const catchAll = { id: 'everything', groupBy: ['alertname'], matchers: [], escalation: [{ afterMs: 0, receivers: ['archive'] }] }

describe('route selection', () => {
  it('stops at the first matching route unless it says continue', () => {
    const stop = new RoutingEngine(config([criticalRoute(), leads, catchAll]))
    stop.update([alert('HighLatency', { team: 'platform' })], T0)
    expect(stop.state().groups.map((g) => g.route)).toEqual(['critical'])

    const cont = new RoutingEngine(config([criticalRoute({ continue: true }), leads, catchAll]))
    const a = alert('HighLatency', { team: 'platform' })
    cont.update([a], T0)
    expect(cont.state().groups.map((g) => g.key)).toEqual(['critical{alertname="HighLatency"}', 'platform{alertname="HighLatency"}'])
    const run = advance(cont, T0 + MIN)
    expect(run.notifications.map((n) => n.receiver).sort()).toEqual(['desktop', 'noc-webhook', 'platform-chat'])
    // Acknowledging the alert acknowledges both of its groups.
    const ack = cont.acknowledge(a.id, 'erin', null, null, T0 + MIN)
    expect(ack.history.map((h) => h.groupKey)).toEqual(['critical{alertname="HighLatency"}', 'platform{alertname="HighLatency"}'])
    expect(cont.state().alerts[0].status).toBe('acknowledged')
  })

  it('puts unmatched alerts on the fallback route: visible, recorded as unrouted, nobody notified', () => {
    const engine = new RoutingEngine(config([criticalRoute()]))
    const r = engine.update([alert('DiskFull', {}, 'firing', 'warning')], T0)
    expect(r.history.map((h) => h.kind)).toEqual(['unrouted', 'fired'])
    expect(engine.state().groups.map((g) => g.key)).toEqual(['unrouted{alertname="DiskFull"}'])
    expect(engine.state().alerts[0].status).toBe('firing')
    expect(advance(engine, T0 + 5 * HOUR).notifications).toEqual([])

    const withFallback = new RoutingEngine({ ...config([criticalRoute()]), fallback: routeWithDefaults({ id: 'default', escalation: [{ afterMs: 0, receivers: ['ops-mail'] }] }) })
    withFallback.update([alert('DiskFull', {}, 'firing', 'warning')], T0)
    expect(summary(advance(withFallback, T0 + MIN).notifications)).toEqual(['ops-mail firing @30s'])
  })

  it('tracks pending alerts for the view without routing them', () => {
    const engine = new RoutingEngine(config([criticalRoute()]))
    engine.update([alert('HighLatency', {}, 'pending')], T0)
    expect(engine.state().alerts.map((a) => a.status)).toEqual(['pending'])
    expect(engine.state().groups).toEqual([])
    engine.update([alert('HighLatency', {}, 'inactive')], T0 + MIN)
    expect(engine.state().alerts).toEqual([])
  })
})

describe('persistence', () => {
  const cfg: RoutingConfig = config([criticalRoute({ ackTimeoutMs: 20 * MIN })])

  it('round-trips its state through JSON unchanged', () => {
    const engine = new RoutingEngine(cfg)
    engine.update([alert('HighLatency', { service: 'a' }), alert('HighLatency', { service: 'b' }), alert('Other', {}, 'pending')], T0)
    engine.addSilence({ id: 's1', matchers: matchersFromMaps({ service: 'b' }), startsAt: T0, endsAt: T0 + HOUR, createdBy: 'dana', comment: 'x', createdAt: T0 }, T0)
    advance(engine, T0 + 20 * MIN)
    engine.acknowledge('critical{alertname="HighLatency"}', 'alice', 'on it', null, T0 + 20 * MIN)
    const state = engine.serialize()
    const text = JSON.stringify(state)
    expect(JSON.parse(text)).toEqual(state)
    expect(RoutingEngine.restore(cfg, text).serialize()).toEqual(state)
    expect(RoutingEngine.restore(cfg, JSON.parse(text)).state()).toEqual(engine.state())
  })

  it('produces the same intents, with the same ids and dedup keys, after a restore', () => {
    const live = new RoutingEngine(cfg)
    live.update([alert('HighLatency')], T0)
    const before = advance(live, T0 + 5 * MIN).notifications
    const saved = JSON.stringify(live.serialize())

    const restored = RoutingEngine.restore(cfg, saved)
    const a = advance(live, T0 + 2 * HOUR)
    const b = advance(restored, T0 + 2 * HOUR)
    expect(b).toEqual(a)
    expect(summary(a.notifications)).toEqual(['exec-email escalated @15m', 'slack-leads escalated @15m', 'pagerduty-cto escalated @1h'])
    // One dedup key per receiver for the whole episode.
    const desktopKeys = new Set([...before, ...a.notifications].filter((n) => n.receiver === 'desktop').map((n) => n.dedupKey))
    expect(desktopKeys.size).toBe(1)
    expect(new Set([...before, ...a.notifications].map((n) => n.id)).size).toBe(before.length + a.notifications.length)
  })

  it('re-creates the same intent ids when a crash lost them before the state was saved', () => {
    const engine = new RoutingEngine(cfg)
    engine.update([alert('HighLatency')], T0)
    const saved = JSON.stringify(engine.serialize())
    // The process produced these, then died before persisting the new state...
    const lost = advance(engine, T0 + 20 * MIN).notifications
    // ...so after a restart the restored engine produces them again, possibly at other tick times.
    const again = RoutingEngine.restore(cfg, saved)
    const redo = [...again.tick(T0 + 12 * MIN).notifications, ...again.tick(T0 + 20 * MIN).notifications]
    expect(redo.map((n) => [n.id, n.dedupKey, n.receiver, n.kind])).toEqual(lost.map((n) => [n.id, n.dedupKey, n.receiver, n.kind]))
  })

  it('rejects damaged state with a message naming the field', () => {
    const engine = new RoutingEngine(cfg)
    engine.update([alert('HighLatency')], T0)
    const state = engine.serialize() as unknown as { groups: Record<string, { levelReached: unknown }> }
    state.groups['critical{alertname="HighLatency"}'].levelReached = 'two'
    expect(() => RoutingEngine.restore(cfg, state)).toThrow(/routing state: groups\.critical\{alertname="HighLatency"\}\.levelReached: /)
    expect(() => RoutingEngine.restore(cfg, '{"version":1')).toThrow(/routing state: not valid JSON/)
    expect(() => RoutingEngine.restore(cfg, { version: 2 })).toThrow(/routing state: version/)
  })
})

describe('config changes and bad input', () => {
  it('re-routes on a new config: groups of removed routes are dropped and alerts move on', () => {
    const engine = new RoutingEngine(config([criticalRoute(), catchAll]))
    engine.update([alert('HighLatency')], T0)
    advance(engine, T0 + MIN)
    engine.setConfig(config([catchAll]))
    const r = engine.tick(T0 + 2 * MIN)
    expect(r.history.map((h) => [h.kind, h.groupKey])).toEqual([['rerouted', 'critical{alertname="HighLatency"}']])
    expect(engine.state().groups.map((g) => g.key)).toEqual(['everything{alertname="HighLatency"}'])
    expect(summary(advance(engine, T0 + 3 * MIN).notifications)).toEqual(['archive firing @150s'])
  })

  it('rejects bad config with a clear message and keeps the old one', () => {
    const engine = new RoutingEngine(config([criticalRoute()]))
    const unsorted = criticalRoute({ escalation: [{ afterMs: HOUR, receivers: ['a'] }, { afterMs: 0, receivers: ['b'] }] })
    expect(() => engine.setConfig(config([unsorted]))).toThrow(/alerting.routes\[0\]: escalation\[1\].after must be later than escalation\[0\].after/)
    expect(() => engine.setConfig(config([criticalRoute({ muteWindows: ['night'] })]))).toThrow(/alerting.routes\[0\]: mute window "night" is not defined/)
    expect(() => engine.setConfig(config([criticalRoute({ groupIntervalMs: 0 })]))).toThrow(/group_interval must be more than zero/)
    expect(() => engine.setConfig(config([criticalRoute(), criticalRoute()]))).toThrow(/route id "critical" is used twice/)
    expect(() => engine.setConfig(config([{ id: 'unrouted' }]))).toThrow(/reserved for the built-in fallback/)
    expect(() => new RoutingEngine(config([{ id: 'x', matchers: [{ name: 'a', op: '=~', value: '*' }] }]))).toThrow(/alerting.routes\[0\] matchers\[0\]/)
    engine.update([alert('HighLatency')], T0)
    expect(engine.state().groups.map((g) => g.route)).toEqual(['critical'])
  })

  it('rejects a bad alert batch before changing anything', () => {
    const engine = new RoutingEngine(config([criticalRoute()]))
    engine.update([alert('HighLatency')], T0)
    const before = engine.serialize()
    const bad = { ...alert('Other'), labels: { team: 42 } } as never
    expect(() => engine.update([alert('Second'), bad], T0 + 20 * SEC)).toThrow(/routing update: alerts\[1\] \("Other\{\}"\): labels.team is 42, expected a string/)
    expect(() => engine.update([{ ...alert('X'), state: 'exploded' } as never], T0 + 20 * SEC)).toThrow(/state is "exploded"/)
    expect(() => engine.tick(Number.NaN)).toThrow(/routing tick: now must be epoch milliseconds/)
    expect(engine.serialize()).toEqual(before)
  })

  it('treats a clock that steps backwards as no time passing', () => {
    const engine = new RoutingEngine(config([criticalRoute()]))
    engine.update([alert('HighLatency')], T0)
    expect(engine.tick(T0 + 10 * SEC).notifications).toHaveLength(2)
    expect(engine.tick(T0 - HOUR).notifications).toEqual([])
    expect(engine.state().now).toBe(T0 + 10 * SEC)
    engine.update([resolved(alert('HighLatency'))], T0 - HOUR)
    expect(engine.state().alerts[0].status).toBe('resolved')
  })
})
