// Silences, mute windows and inhibition: suppressed alerts stay visible but notify nobody.
import type { Silence } from '@shared/alerts'
import { describe, expect, it } from 'vitest'
import { RoutingEngine } from './engine'
import { matchersFromMaps } from './matchers'
import { parseClockTime, parseWeekdays } from './mute-window-parse'
import { HOUR, MIN, SEC, T0, advance, alert, config, criticalRoute, resolved, summary } from './test-support'
import type { Matcher } from './types'

function silence(id: string, matchers: Matcher[], startsAt: number, endsAt: number): Silence {
  return { id, matchers, startsAt, endsAt, createdBy: 'dana', comment: `maintenance ${id}`, createdAt: startsAt }
}

const services = ['checkout', 'search', 'billing']
const opsRoute = { id: 'ops', groupBy: ['service'], groupWaitMs: 0, escalation: [{ afterMs: 0, receivers: ['ops'] }] }

function statuses(engine: RoutingEngine): Record<string, string> {
  return Object.fromEntries(engine.state().alerts.map((a) => [a.alert.labels.service, a.status]))
}

describe('silences', () => {
  it.each([
    ['=', 'checkout', ['checkout']],
    ['!=', 'checkout', ['search', 'billing']],
    ['=~', 'check.*|bill.*', ['checkout', 'billing']],
    ['!~', 'check.*', ['search', 'billing']]
  ] as const)('silences with operator %s %s: matching alerts stay visible but notify nobody', (op, value, silenced) => {
    const engine = new RoutingEngine(config([opsRoute]))
    engine.addSilence(silence('s1', [{ name: 'alertname', op: '=', value: 'Down' }, { name: 'service', op, value }], T0, T0 + HOUR), T0)
    const r = engine.update(services.map((service) => alert('Down', { service })), T0)
    const run = advance(engine, T0 + 10 * MIN)
    const notified = [...r.notifications, ...run.notifications].map((n) => n.groupLabels.service).sort()
    expect(notified).toEqual(services.filter((s) => !silenced.includes(s as never)).sort())
    for (const s of services) expect(statuses(engine)[s]).toBe(silenced.includes(s as never) ? 'silenced' : 'firing')
    expect(r.history.filter((h) => h.kind === 'silenced').map((h) => h.by)).toEqual(silenced.map(() => 'dana'))
  })

  it('stops applying at endsAt (then escalation catches up) and can be expired early', () => {
    const engine = new RoutingEngine(config([criticalRoute()]))
    engine.addSilence(silence('night', matchersFromMaps({ alertname: 'HighLatency' }), T0, T0 + 20 * MIN), T0)
    engine.update([alert('HighLatency')], T0)
    const run = advance(engine, T0 + 30 * MIN)
    // Silenced until 20m: level 0 and the overdue 15m level both go out when it ends.
    expect(summary(run.notifications)).toEqual(['desktop firing @20m', 'noc-webhook firing @20m', 'exec-email escalated @20m', 'slack-leads escalated @20m'])
    expect(run.history.find((h) => h.kind === 'unsilenced')).toMatchObject({ at: T0 + 20 * MIN })
    expect(engine.state().silences).toMatchObject([{ id: 'night', active: false }])

    const early = new RoutingEngine(config([criticalRoute()]))
    early.addSilence(silence('s', matchersFromMaps({ alertname: 'HighLatency' }), T0, T0 + 10 * HOUR), T0)
    early.update([alert('HighLatency')], T0)
    expect(advance(early, T0 + 5 * MIN).notifications).toEqual([])
    expect(summary(early.expireSilence('s', T0 + 5 * MIN).notifications)).toEqual(['desktop firing @5m', 'noc-webhook firing @5m'])
    expect(() => early.expireSilence('nope', T0 + 6 * MIN)).toThrow(/no silence "nope"/)
    // Expiring a silence that has not started yet means it never applies.
    early.addSilence(silence('later', matchersFromMaps({ alertname: 'HighLatency' }), T0 + HOUR, T0 + 2 * HOUR), T0 + 6 * MIN)
    early.expireSilence('later', T0 + 7 * MIN)
    expect(early.tick(T0 + HOUR).history.filter((h) => h.kind === 'silenced')).toEqual([])
    expect(early.state().alerts[0].status).toBe('firing')
    // Expired silences stay listed for a while, then drop out.
    expect(early.state().silences.map((x) => [x.id, x.active])).toEqual([['later', false], ['s', false]])
    advance(early, T0 + 6 * 24 * HOUR)
    expect(early.state().silences).toEqual([])
  })

  it('silences reminders of an already notified group but still delivers its resolution', () => {
    const engine = new RoutingEngine(config([{ ...opsRoute, repeatIntervalMs: HOUR }]))
    const a = alert('Down', { service: 'checkout' })
    expect(engine.update([a], T0).notifications).toHaveLength(1)
    expect(advance(engine, T0 + MIN).notifications).toEqual([])
    engine.addSilence(silence('s', matchersFromMaps({ service: 'checkout' }), T0 + MIN, T0 + 10 * HOUR), T0 + MIN)
    expect(advance(engine, T0 + 3 * HOUR).notifications).toEqual([])
    engine.update([resolved(a)], T0 + 3 * HOUR)
    expect(summary(advance(engine, T0 + 4 * HOUR).notifications)).toEqual(['ops resolved @185m'])
  })

  it('rejects unusable silences with clear messages', () => {
    const engine = new RoutingEngine(config([opsRoute]))
    expect(() => engine.addSilence(silence('s', [], T0, T0 + HOUR), T0)).toThrow(/silence "s": needs at least one matcher/)
    expect(() => engine.addSilence(silence('s', [{ name: 'a', op: '=~', value: '[' }], T0, T0 + HOUR), T0)).toThrow(/silence "s" matchers\[0\]: matcher "a": "\[" is not a valid regular expression/)
    expect(() => engine.addSilence(silence('s', matchersFromMaps({ a: 'b' }), T0, T0), T0)).toThrow(/endsAt .* must be after startsAt/)
    expect(() => engine.addSilence(silence('s', [{ name: 'a', op: '=~', value: '.*' }], T0, T0 + HOUR), T0)).toThrow(/would silence everything/)
    expect(() => engine.addSilence({ ...silence('s', matchersFromMaps({ a: 'b' }), T0, T0 + HOUR), createdBy: '' }, T0)).toThrow(/createdBy must name who created it/)
    expect(engine.state().silences).toEqual([])
  })
})

describe('mute windows', () => {
  // Weeknights 22:00–06:00 in Berlin (UTC+1 in January). 2025-01-06 is a Monday.
  const night = {
    name: 'weeknights',
    matchers: null,
    weekdays: parseWeekdays(['monday:friday'], 'test'),
    times: [{ startMinute: parseClockTime('22:00', 't'), endMinute: parseClockTime('06:00', 't') }],
    timezone: 'Europe/Berlin'
  }
  const MON_23_BERLIN = Date.UTC(2025, 0, 6, 22, 0)
  const TUE_06_BERLIN = Date.UTC(2025, 0, 7, 5, 0)

  it('holds a muted route across midnight and sends what fell due when the window closes', () => {
    const engine = new RoutingEngine(config([criticalRoute({ muteWindows: ['weeknights'] })], { muteWindows: [night] }))
    const r = engine.update([alert('HighLatency')], MON_23_BERLIN)
    const notes = [...r.notifications]
    for (let t = MON_23_BERLIN + MIN; t < TUE_06_BERLIN; t += MIN) notes.push(...engine.tick(t).notifications)
    expect(notes).toEqual([])
    expect(engine.state().alerts[0].status).toBe('muted')
    expect(engine.state().groups[0].mutedBy).toBe('weeknights')
    const opened = engine.tick(TUE_06_BERLIN)
    expect(opened.notifications.map((n) => `${n.receiver} ${n.kind}`)).toEqual([
      'desktop firing',
      'noc-webhook firing',
      'exec-email escalated',
      'slack-leads escalated',
      'pagerduty-cto escalated'
    ])
    expect(opened.history.map((h) => h.kind)).toEqual(['unmuted', 'notified', 'escalated', 'escalated'])
    expect(engine.state().alerts[0].status).toBe('firing')
  })

  it('does not mute routes that do not name the window, nor the same hours in UTC', () => {
    const other = new RoutingEngine(config([criticalRoute()], { muteWindows: [night] }))
    other.update([alert('HighLatency')], MON_23_BERLIN)
    expect(other.tick(MON_23_BERLIN + 10 * SEC).notifications).toHaveLength(2)
    // 21:30 UTC is 22:30 in Berlin (inside the window) but before 22:00 in UTC.
    const utc = new RoutingEngine(config([criticalRoute({ muteWindows: ['weeknights'] })], { muteWindows: [{ ...night, timezone: 'UTC' }] }))
    const t = Date.UTC(2025, 0, 6, 21, 30)
    utc.update([alert('HighLatency')], t)
    expect(utc.tick(t + 10 * SEC).notifications).toHaveLength(2)
  })

  it('holds news about a notified group (a new alert joining) until the window closes', () => {
    const engine = new RoutingEngine(config([criticalRoute({ muteWindows: ['weeknights'], escalation: [{ afterMs: 0, receivers: ['desktop'] }] })], { muteWindows: [night] }))
    const start = MON_23_BERLIN - 90 * MIN // 21:30 Berlin
    engine.update([alert('HighLatency', { service: 'a' })], start)
    expect(engine.tick(start + 10 * SEC).notifications).toHaveLength(1)
    engine.update([alert('HighLatency', { service: 'b' })], MON_23_BERLIN)
    const notes = []
    for (let t = MON_23_BERLIN; t < TUE_06_BERLIN; t += MIN) notes.push(...engine.tick(t).notifications)
    expect(notes).toEqual([])
    const after = advance(engine, TUE_06_BERLIN + 5 * MIN).notifications
    expect(after.map((n) => [n.kind, n.reason])).toEqual([['firing', '1 new alert(s) firing']])
    expect(after[0].alerts.map((a) => a.labels.service).sort()).toEqual(['a', 'b'])
  })

  it('mutes the alerts a window with matchers matches, on any route, like a recurring silence', () => {
    // Schema style: no route names it; the midnight crossing is written as two ranges; New York time.
    const quiet = {
      name: 'platform-nights',
      matchers: matchersFromMaps({ team: 'platform' }),
      weekdays: [],
      times: [
        { startMinute: parseClockTime('22:00', 't'), endMinute: parseClockTime('24:00', 't') },
        { startMinute: 0, endMinute: parseClockTime('06:00', 't') }
      ],
      timezone: 'America/New_York'
    }
    const engine = new RoutingEngine(config([{ id: 'ops', groupBy: ['team'], groupWaitMs: 0, repeatIntervalMs: 12 * HOUR, escalation: [{ afterMs: 0, receivers: ['ops'] }] }], { muteWindows: [quiet] }))
    const NY_23 = Date.UTC(2025, 0, 7, 4, 0) // Monday 23:00 in New York (UTC-5)
    const r = engine.update([alert('Down', { team: 'platform' }), alert('Down', { team: 'data' })], NY_23)
    expect(r.notifications.map((n) => n.groupLabels.team)).toEqual(['data'])
    expect(r.history.filter((h) => h.kind === 'muted')).toMatchObject([{ alertId: 'Down{"team":"platform"}', detail: 'mute window "platform-nights" is open' }])
    const byTeam = Object.fromEntries(engine.state().alerts.map((a) => [a.alert.labels.team, a]))
    expect(byTeam.platform).toMatchObject({ status: 'muted', mutedBy: 'platform-nights' })
    expect(byTeam.data.status).toBe('firing')
    const notes = []
    for (let t = NY_23 + MIN; t <= NY_23 + 8 * HOUR; t += MIN) notes.push(...engine.tick(t).notifications)
    // 06:00 New York = 11:00 UTC: the muted alert is notified then, not before.
    expect(notes.map((n) => [n.groupLabels.team, n.kind, n.at])).toEqual([['platform', 'firing', Date.UTC(2025, 0, 7, 11, 0)]])
  })

  it('delivers the resolution of a group notified before the window opened', () => {
    const engine = new RoutingEngine(config([criticalRoute({ muteWindows: ['weeknights'] })], { muteWindows: [night] }))
    const start = MON_23_BERLIN - 90 * MIN // 21:30 Berlin
    engine.update([alert('HighLatency')], start)
    expect(engine.tick(start + 10 * SEC).notifications).toHaveLength(2)
    engine.tick(start + 20 * MIN) // 21:50 Berlin: level 1 (15m) already went out at 21:45
    engine.update([resolved(alert('HighLatency'))], MON_23_BERLIN)
    const notes = []
    for (let t = MON_23_BERLIN; t <= MON_23_BERLIN + 10 * MIN; t += MIN) notes.push(...engine.tick(t).notifications)
    expect(notes.map((n) => `${n.receiver} ${n.kind}`)).toEqual(['desktop resolved', 'noc-webhook resolved', 'exec-email resolved', 'slack-leads resolved'])
  })
})

describe('inhibition', () => {
  const rule = { sourceMatchers: matchersFromMaps({ alertname: 'EngineDown' }), targetMatchers: matchersFromMaps({ alertname: 'SourceStale' }), equal: ['instance'] }
  const route = { id: 'ops', groupBy: ['alertname', 'instance'], groupWaitMs: 0, escalation: [{ afterMs: 0, receivers: ['ops'] }] }

  it('lets a firing "engine down" suppress "source stale" on the same instance only, until it resolves', () => {
    const engine = new RoutingEngine(config([route], { inhibitRules: [rule] }))
    const down = alert('EngineDown', { instance: 'a' })
    const staleA = alert('SourceStale', { instance: 'a' })
    const staleB = alert('SourceStale', { instance: 'b' })
    const r = engine.update([down, staleA, staleB], T0)
    expect(r.notifications.map((n) => n.groupKey).sort()).toEqual(['ops{alertname="EngineDown",instance="a"}', 'ops{alertname="SourceStale",instance="b"}'])
    expect(r.history.filter((h) => h.kind === 'inhibited')).toMatchObject([{ alertId: staleA.id, detail: `inhibited by firing alert "${down.id}"` }])
    const byId = Object.fromEntries(engine.state().alerts.map((a) => [a.alert.id, a]))
    expect(byId[staleA.id]).toMatchObject({ status: 'inhibited', inhibitedBy: down.id })
    expect(byId[staleB.id].status).toBe('firing')
    expect(advance(engine, T0 + HOUR).notifications).toEqual([])

    const after = engine.update([resolved(down)], T0 + HOUR)
    // Released at once: its group's first flush is long past, so level 0 is due now.
    expect(after.history.map((h) => h.kind)).toEqual(['resolved', 'uninhibited', 'notified'])
    expect(after.notifications.map((n) => `${n.groupLabels.alertname}/${n.groupLabels.instance} ${n.kind}`)).toEqual(['SourceStale/a firing'])
    const run = advance(engine, T0 + HOUR + 10 * MIN)
    expect(run.notifications.map((n) => `${n.groupLabels.alertname}/${n.groupLabels.instance} ${n.kind}`)).toEqual(['EngineDown/a resolved'])
  })

  it('does not let an alert inhibit itself', () => {
    const selfRule = { sourceMatchers: matchersFromMaps({ severity: 'critical' }), targetMatchers: matchersFromMaps({ severity: 'critical' }), equal: [] }
    const engine = new RoutingEngine(config([route], { inhibitRules: [selfRule] }))
    const r = engine.update([alert('EngineDown', { instance: 'a' })], T0)
    expect(r.notifications).toHaveLength(1)
    expect(engine.state().alerts[0].status).toBe('firing')
  })
})
