import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { z } from 'zod'
import { ISSUE_EXAMPLE } from '../../../test/fixtures/alerting-issue-example'
import { alertingKpiIssues, alertingSchema, type AlertingConfig } from './alerting-schema'

/** Parses the text of an `alerting:` section. */
function parseAlerting(yamlText: string): AlertingConfig {
  return alertingSchema.parse(parse(yamlText))
}

/** The messages (with paths) of a config that must fail. */
function problems(input: unknown): string[] {
  const r = alertingSchema.safeParse(input)
  if (r.success) throw new Error('expected the config to be rejected')
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('alerting schema', () => {
  it('accepts the issue example as written, with defaults filled in', () => {
    const cfg = parseAlerting(ISSUE_EXAMPLE)
    expect(cfg.evaluation_interval).toBe(15_000)
    const [rule] = cfg.rules
    expect(rule).toMatchObject({
      kind: 'threshold',
      name: 'HighLatency',
      series: 'api_latency_ms',
      labels_match: { service: 'checkout' },
      window: 60_000,
      aggregate: 'avg',
      condition: { op: '>', threshold: 250 },
      for: 120_000,
      keep_firing_for: 60_000,
      severity: 'critical',
      labels: { team: 'platform' },
      enabled: true
    })
    const [route] = cfg.routes
    expect(route).toMatchObject({ match: { severity: 'critical' }, group_by: ['alertname'], group_wait: 10_000, group_interval: 300_000, repeat_interval: 14_400_000, continue: false })
    expect(route.escalation).toEqual([
      { after: 0, receivers: ['desktop', 'noc-webhook'] },
      { after: 900_000, receivers: ['exec-email', 'slack-leads'] },
      { after: 3_600_000, receivers: ['pagerduty-cto'] }
    ])
    const byId = Object.fromEntries(cfg.receivers.map((r) => [r.id, r]))
    expect(byId.desktop).toMatchObject({ kind: 'desktop', sound: true, send_resolved: true })
    expect(byId['pagerduty-cto']).toMatchObject({ kind: 'pagerduty', routing_key: '${secret:pd-cto}', url: 'https://events.pagerduty.com/v2/enqueue' })
    expect(byId['exec-email']).toMatchObject({
      kind: 'email',
      to: ['cto@example.com'],
      from: 'vigil@smtp.example.com',
      smtp: { host: 'smtp.example.com', port: 587, secure: false, username: 'vigil', password: '${secret:smtp}' }
    })
    expect(cfg.inhibit_rules).toEqual([])
    expect(cfg.mute_windows).toEqual([])
  })

  it('defaults an empty section', () => {
    const empty = { evaluation_interval: 15_000, rules: [], routes: [], receivers: [], inhibit_rules: [], mute_windows: [] }
    expect(alertingSchema.parse({})).toEqual(empty)
    // As the whole-config schema composes it.
    expect(z.object({ alerting: alertingSchema.prefault({}) }).parse({})).toEqual({ alerting: empty })
  })

  it('parses every rule kind', () => {
    const cfg = alertingSchema.parse({
      rules: [
        { name: 'Up', series: 'up', condition: '== 0' },
        { name: 'DiskGrowth', kind: 'rate', series: 'disk_used_bytes', window: '30m', per: 'hour', condition: '> 1e9', for: 0 },
        { name: 'Silent', kind: 'absence', series: 'heartbeat', for_missing: '10m' },
        { name: 'SilentW', kind: 'absence', series: 'heartbeat', window: '2m' },
        { name: 'SilentD', kind: 'absence', series: 'heartbeat' },
        { name: 'Adoption', kind: 'kpi', kpi: 'adoption_rate' },
        { name: 'AdoptionLow', kind: 'kpi', kpi: 'adoption_rate', condition: '< 0.9', clear_condition: '>= 0.95' },
        { name: 'Weird', kind: 'anomaly', series: 'orders' },
        { name: 'DiskFull', kind: 'forecast', series: 'disk_used_pct', horizon: '7d', condition: '>= 95' },
        { name: 'FraudDrift', kind: 'drift', model: 'fraud', feature: 'amount', method: 'psi' }
      ]
    })
    const r = Object.fromEntries(cfg.rules.map((x) => [x.name, x]))
    expect(r.Up).toMatchObject({ kind: 'threshold', aggregate: 'last', window: 300_000, severity: 'warning', for: 0, keep_firing_for: 0 })
    expect(r.DiskGrowth).toMatchObject({ kind: 'rate', window: 1_800_000, per: 'hour', method: 'deriv', condition: { op: '>', threshold: 1e9 } })
    expect(r.Silent).toMatchObject({ kind: 'absence', for_missing: 600_000 })
    expect(r.SilentW).toMatchObject({ for_missing: 120_000 })
    expect(r.SilentW).not.toHaveProperty('window')
    expect(r.SilentD).toMatchObject({ for_missing: 300_000 })
    expect(r.Adoption).toMatchObject({ kind: 'kpi', status: ['off_track'] })
    expect(r.AdoptionLow).toMatchObject({ status: null, condition: { op: '<', threshold: 0.9 }, clear_condition: { op: '>=', threshold: 0.95 } })
    expect(r.Weird).toMatchObject({ kind: 'anomaly', min_score: 0.9 })
    expect(r.DiskFull).toMatchObject({ kind: 'forecast', horizon: 604_800_000, history: 14 * 86_400_000 })
    expect(r.FraudDrift).toMatchObject({ kind: 'drift', model: 'fraud', window: 86_400_000 })
  })

  it('normalises route receivers, mute windows and inhibit rules', () => {
    const cfg = alertingSchema.parse({
      receivers: [{ id: 'noc', kind: 'webhook', url: 'http://127.0.0.1:1/x' }],
      routes: [{ match_re: { service: 'check.*' }, receivers: ['noc'], continue: true, ack_timeout: '30m' }, { group_by: ['...'] }],
      inhibit_rules: [{ source_match: { alertname: 'EngineDown' }, target_match_re: { alertname: 'Stale.*' }, equal: ['host'] }],
      mute_windows: [
        { name: 'nights', times: [{ start: '00:00', end: '07:00' }], timezone: 'Europe/London', match: { severity: 'info' } },
        { name: 'weekend', weekdays: ['Saturday:sunday', 'friday'] },
        { name: 'wrap', weekdays: ['friday:monday'], times: [{ start: '18:00', end: '24:00' }], timezone: 'UTC' }
      ]
    })
    expect(cfg.routes[0]).toMatchObject({ escalation: [{ after: 0, receivers: ['noc'] }], continue: true, ack_timeout: 1_800_000 })
    expect(cfg.routes[0]).not.toHaveProperty('receivers')
    expect(cfg.routes[1]).toMatchObject({ escalation: [], group_by: ['...'], match: {}, match_re: {} })
    expect(cfg.inhibit_rules[0]).toEqual({ source_match: { alertname: 'EngineDown' }, source_match_re: {}, target_match: {}, target_match_re: { alertname: 'Stale.*' }, equal: ['host'] })
    expect(cfg.mute_windows[0]).toMatchObject({ weekdays: null, times: [{ start: 0, end: 420 }], timezone: 'Europe/London' })
    expect(cfg.mute_windows[1]).toMatchObject({ weekdays: [0, 5, 6], times: null, timezone: 'local' })
    expect(cfg.mute_windows[2]).toMatchObject({ weekdays: [0, 1, 5, 6], times: [{ start: 1080, end: 1440 }] })
  })

  it('rejects bad rules with messages that say what and where', () => {
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '>> 5' }] })).toEqual([
      'rules.0.condition: expected a comparison such as "> 250", ">= 1", "< 0.9", "== 0" or "!= 1", got ">> 5"'
    ])
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '> 1', annotations: { summary: 'at {{ humanise $value }}' } }] })[0]).toMatch(
      /^rules\.0\.annotations\.summary: template: unknown function "humanise" \(known: humanize, .*\) \(column 7\)$/
    )
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '> 1', for: '2 minutes' }] })[0]).toMatch(/^rules\.0\.for: /)
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '> 1', window: '0s' }] })).toEqual(['rules.0.window: window must be longer than 0s'])
    expect(problems({ rules: [{ name: 'A', kind: 'thresold', series: 'x', condition: '> 1' }] })).toEqual([
      'rules.0.kind: expected kind: threshold | rate | absence | kpi | anomaly | forecast | drift (threshold when omitted)'
    ])
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '> 1' }, { name: 'A', kind: 'absence', series: 'y' }] })).toEqual([
      'rules.1.name: duplicate rule name "A" (also rules[0])'
    ])
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '> 1', labels: { severity: 'high' } }] })[0]).toMatch(/^rules\.0\.labels\.severity: "severity" is set by Vigil/)
    expect(problems({ rules: [{ name: 'A', kind: 'kpi', kpi: 'x', status: ['off_track'], condition: '< 1' }] })).toEqual([
      'rules.0.condition: give status or condition, not both'
    ])
    expect(problems({ rules: [{ name: 'A', kind: 'absence', series: 'x', window: '1m', for_missing: '1m' }] })).toEqual([
      'rules.0.window: give for_missing or window, not both'
    ])
    expect(problems({ rules: [{ name: 'A', kind: 'forecast', horizon: '1d', condition: '> 1' }] })).toEqual(['rules.0.series: give series or kpi (exactly one)'])
    expect(problems({ rules: [{ name: 'A', series: 'x', condition: '> 1', window: '1m', extra: 1 }] })[0]).toMatch(/^rules\.0: .*extra/)
  })

  it('rejects bad routes, receivers and windows', () => {
    const receivers = [{ id: 'noc', kind: 'webhook', url: 'http://127.0.0.1:1/x' }]
    expect(problems({ receivers, routes: [{ escalation: [{ after: '0s', receivers: ['noc', 'ops'] }] }] })).toEqual([
      'routes.0.escalation.0.receivers.1: unknown receiver "ops" (known: noc)'
    ])
    expect(problems({ routes: [{ receivers: ['ops'] }] })).toEqual(['routes.0.receivers.0: unknown receiver "ops" (known: none; define it under receivers:)'])
    expect(
      problems({ receivers, routes: [{ escalation: [{ after: '15m', receivers: ['noc'] }, { after: '10m', receivers: ['noc'] }] }] })
    ).toEqual(['routes.0.escalation.1.after: escalation levels must be in increasing order of `after`'])
    expect(problems({ receivers, routes: [{ match_re: { service: '(' } }] })[0]).toMatch(/^routes\.0\.match_re\.service: invalid regular expression "\("/)
    expect(problems({ receivers: [{ id: 'w', kind: 'webhook', url: 'ftp://x' }] })).toEqual([
      'receivers.0.url: expected an http:// or https:// URL, or a ${secret:NAME} reference'
    ])
    expect(problems({ receivers: [{ id: 'm', kind: 'email', to: ['nobody'], smtp: { host: 'h' } }] })).toEqual([
      'receivers.0.to.0: expected an e-mail address such as cto@example.com'
    ])
    expect(problems({ receivers: [{ id: 'x', kind: 'sms' }] })).toEqual(['receivers.0.kind: expected kind: desktop | webhook | slack | pagerduty | email'])
    expect(problems({ receivers: [...receivers, ...receivers] })).toEqual(['receivers.1.id: duplicate receiver id "noc" (also receivers[0])'])
    expect(problems({ inhibit_rules: [{ target_match: { a: 'b' } }] })).toEqual(['inhibit_rules.0.source_match: an inhibit rule needs source_match or source_match_re'])
    expect(problems({ mute_windows: [{ name: 'w', weekdays: ['funday'] }] })).toEqual([
      'mute_windows.0.weekdays.0: expected a weekday (sunday, monday, tuesday, wednesday, thursday, friday, saturday) or a range such as "monday:friday", got "funday"'
    ])
    expect(problems({ mute_windows: [{ name: 'w', times: [{ start: '22:00', end: '06:00' }] }] })).toEqual([
      'mute_windows.0.times.0: start must be before end (split a window that crosses midnight into two)'
    ])
    expect(problems({ mute_windows: [{ name: 'w', times: [{ start: '9:00', end: '10:00' }] }] })[0]).toMatch(/^mute_windows\.0\.times\.0\.start: expected a time of day "HH:MM"/)
    expect(problems({ mute_windows: [{ name: 'w', weekdays: ['monday'], timezone: 'Mars/Olympus' }] })[0]).toMatch(/unknown time zone "Mars\/Olympus"/)
    expect(problems({ mute_windows: [{ name: 'w' }] })).toEqual(['mute_windows.0.weekdays: a mute window needs weekdays, times or both'])
    expect(problems({ evaluation_interval: '500ms' })).toEqual(['evaluation_interval: evaluation_interval must be at least 1s'])
  })

  it('reports rules that name unknown KPIs', () => {
    const cfg = alertingSchema.parse({
      rules: [
        { name: 'A', kind: 'kpi', kpi: 'adoption' },
        { name: 'B', kind: 'kpi', kpi: 'missing_one' },
        { name: 'C', kind: 'forecast', kpi: 'roi', horizon: '30d', condition: '< 0' }
      ]
    })
    expect(alertingKpiIssues(cfg, new Set(['adoption']))).toEqual([
      { path: ['rules', 1, 'kpi'], message: 'unknown KPI "missing_one" (define it under kpis:)' },
      { path: ['rules', 2, 'kpi'], message: 'unknown KPI "roi" (define it under kpis:)' }
    ])
  })

  it('produces a JSON Schema for editors', () => {
    const schema = z.toJSONSchema(alertingSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, unknown> }
    expect(Object.keys(schema.properties)).toEqual(['evaluation_interval', 'external_url', 'rules', 'routes', 'receivers', 'inhibit_rules', 'mute_windows'])
  })

  it('takes an http(s) external_url for links in messages, and refuses anything else with the key named', () => {
    expect(alertingSchema.parse({ external_url: 'https://vigil.example.com/noc/' }).external_url).toBe('https://vigil.example.com/noc/')
    for (const bad of ['vigil.example.com', 'ftp://x/', 'https://x/?token=1', 'https://x/#/alerts', 'https://']) {
      const r = alertingSchema.safeParse({ external_url: bad })
      expect(r.success, bad).toBe(false)
      expect(r.error?.issues[0]).toMatchObject({ path: ['external_url'], message: expect.stringContaining('http:// or https:// URL') })
    }
  })
})
