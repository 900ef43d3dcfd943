// The `alerting:` config section as the routing engine takes it: routes with ids and matchers,
// escalation levels, inhibit rules and mute windows in milliseconds and minutes.
import type { AlertingConfig } from '@shared/config/alerting-schema'
import { matchersFromMaps } from './routing'
import type { MuteWindow, RouteSpec, RoutingConfig } from './routing'

/** The machine's IANA time zone (mute windows written with `timezone: local`). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/**
 * A route's id: its name, else "route-N" (1-based). Ids are part of group keys, so a name that
 * repeats gets its position added ("noc (3)") to keep every id unique.
 */
export function routeIds(routes: AlertingConfig['routes']): string[] {
  const seen = new Set<string>()
  return routes.map((r, i) => {
    let id = r.name ?? `route-${i + 1}`
    if (seen.has(id)) id = `${id} (${i + 1})`
    seen.add(id)
    return id
  })
}

/** Maps the config section onto a RoutingConfig (no fallback route: unmatched alerts are shown, not sent). */
export function routingConfigFrom(alerting: AlertingConfig, timeZone: string = localTimeZone()): RoutingConfig {
  const ids = routeIds(alerting.routes)
  const routes: RouteSpec[] = alerting.routes.map((r, i) => ({
    id: ids[i],
    matchers: matchersFromMaps(r.match, r.match_re),
    continue: r.continue,
    groupBy: [...r.group_by],
    groupWaitMs: r.group_wait,
    groupIntervalMs: r.group_interval,
    repeatIntervalMs: r.repeat_interval,
    escalation: r.escalation.map((level) => ({ afterMs: level.after, receivers: [...level.receivers] })),
    ackTimeoutMs: r.ack_timeout ?? null,
    muteWindows: []
  }))
  const muteWindows: MuteWindow[] = alerting.mute_windows.map((w) => ({
    name: w.name,
    // The config has no route-only windows: a window mutes what it matches (nothing listed = every alert).
    matchers: matchersFromMaps(w.match, w.match_re),
    weekdays: w.weekdays ?? [],
    times: (w.times ?? []).map((t) => ({ startMinute: t.start, endMinute: t.end })),
    timezone: w.timezone === 'local' ? timeZone : w.timezone
  }))
  return {
    routes,
    fallback: null,
    inhibitRules: alerting.inhibit_rules.map((r) => ({
      sourceMatchers: matchersFromMaps(r.source_match, r.source_match_re),
      targetMatchers: matchersFromMaps(r.target_match, r.target_match_re),
      equal: [...r.equal]
    })),
    muteWindows
  }
}
