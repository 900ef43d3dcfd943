// The `alerting:` section as the routing engine takes it, starting from the issue's example as written.
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { alertingSchema } from '@shared/config/alerting-schema'
import { RoutingEngine } from './routing'
import { routeIds, routingConfigFrom } from './routing-config'
import { ISSUE_EXAMPLE } from '../../../test/fixtures/alerting-issue-example'

describe('routing config from vigil.yaml', () => {
  it("maps the issue's example onto a route with three escalation levels", () => {
    const config = routingConfigFrom(alertingSchema.parse(parseYaml(ISSUE_EXAMPLE)), 'UTC')
    expect(config.routes).toEqual([
      {
        id: 'route-1',
        matchers: [{ name: 'severity', op: '=', value: 'critical' }],
        continue: false,
        groupBy: ['alertname'],
        groupWaitMs: 10_000,
        groupIntervalMs: 300_000,
        repeatIntervalMs: 14_400_000,
        escalation: [
          { afterMs: 0, receivers: ['desktop', 'noc-webhook'] },
          { afterMs: 900_000, receivers: ['exec-email', 'slack-leads'] },
          { afterMs: 3_600_000, receivers: ['pagerduty-cto'] }
        ],
        ackTimeoutMs: null,
        muteWindows: []
      }
    ])
    expect(() => new RoutingEngine(config)).not.toThrow()
  })

  it('expresses "engine down suppresses source stale" as an inhibit rule, and mute windows in the machine zone', () => {
    const config = routingConfigFrom(
      alertingSchema.parse({
        inhibit_rules: [{ source_match: { alertname: 'EngineDown' }, target_match_re: { alertname: 'Source.*Stale' }, equal: ['site'] }],
        mute_windows: [
          { name: 'nights', weekdays: ['monday:friday'], times: [{ start: '22:00', end: '24:00' }], timezone: 'local', match: { severity: 'info' } },
          { name: 'sundays', weekdays: ['sunday'], timezone: 'Europe/Berlin' }
        ]
      }),
      'America/New_York'
    )
    expect(config.inhibitRules).toEqual([
      { sourceMatchers: [{ name: 'alertname', op: '=', value: 'EngineDown' }], targetMatchers: [{ name: 'alertname', op: '=~', value: 'Source.*Stale' }], equal: ['site'] }
    ])
    expect(config.muteWindows).toEqual([
      { name: 'nights', matchers: [{ name: 'severity', op: '=', value: 'info' }], weekdays: [1, 2, 3, 4, 5], times: [{ startMinute: 1320, endMinute: 1440 }], timezone: 'America/New_York' },
      { name: 'sundays', matchers: [], weekdays: [0], times: [], timezone: 'Europe/Berlin' }
    ])
    expect(() => new RoutingEngine(config)).not.toThrow()
  })

  it('keeps route ids unique: names, else the position; a repeated name gets its position', () => {
    const routes = alertingSchema.parse({
      receivers: [{ id: 'r', kind: 'desktop' }],
      routes: [{ name: 'noc', receivers: ['r'] }, { receivers: ['r'] }, { name: 'noc', receivers: ['r'] }]
    }).routes
    expect(routeIds(routes)).toEqual(['noc', 'route-2', 'noc (3)'])
  })
})
