// Checks a RoutingConfig once, when the engine takes it, so routing itself never meets bad config.
import { FALLBACK_ROUTE_ID } from './defaults'
import { checkTimezone } from './local-time'
import { validateMatcher } from './matchers'
import type { RouteSpec, RoutingConfig } from './types'

function checkDuration(value: unknown, where: string, allowZero: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new Error(`${where} must be ${allowZero ? 'zero or more' : 'more than zero'} milliseconds, got ${JSON.stringify(value)}`)
}

function checkRoute(route: RouteSpec, where: string, windowNames: ReadonlySet<string>): void {
  if (typeof route.id !== 'string' || route.id === '') throw new Error(`${where}: id must be a non-empty string`)
  route.matchers.forEach((m, i) => validateMatcher(m, `${where} matchers[${i}]`))
  if (!Array.isArray(route.groupBy) || route.groupBy.some((l) => typeof l !== 'string' || l === ''))
    throw new Error(`${where}: group_by must be a list of label names (or ["..."])`)
  checkDuration(route.groupWaitMs, `${where}: group_wait`, true)
  checkDuration(route.groupIntervalMs, `${where}: group_interval`, false)
  checkDuration(route.repeatIntervalMs, `${where}: repeat_interval`, false)
  if (route.ackTimeoutMs !== null) checkDuration(route.ackTimeoutMs, `${where}: ack_timeout`, false)
  let previous = -1
  route.escalation.forEach((level, i) => {
    checkDuration(level.afterMs, `${where}: escalation[${i}].after`, true)
    if (level.afterMs <= previous) throw new Error(`${where}: escalation[${i}].after must be later than escalation[${i - 1}].after (levels are listed in time order)`)
    previous = level.afterMs
    if (!Array.isArray(level.receivers) || level.receivers.length === 0 || level.receivers.some((r) => typeof r !== 'string' || r === ''))
      throw new Error(`${where}: escalation[${i}].receivers must list at least one receiver id`)
  })
  for (const name of route.muteWindows) {
    if (!windowNames.has(name)) throw new Error(`${where}: mute window "${name}" is not defined (known: ${[...windowNames].join(', ') || 'none'})`)
  }
}

/** Throws a clear Error naming the route, rule or window that is wrong. */
export function validateRoutingConfig(config: RoutingConfig): void {
  const windowNames = new Set<string>()
  config.muteWindows.forEach((w, i) => {
    const where = `alerting.mute_windows[${i}]${w.name ? ` "${w.name}"` : ''}`
    if (typeof w.name !== 'string' || w.name === '') throw new Error(`${where}: name must be a non-empty string`)
    if (windowNames.has(w.name)) throw new Error(`${where}: the name "${w.name}" is used twice`)
    windowNames.add(w.name)
    checkTimezone(w.timezone, where)
    if (w.matchers !== null) {
      if (!Array.isArray(w.matchers)) throw new Error(`${where}: matchers must be a list or null`)
      w.matchers.forEach((m, j) => validateMatcher(m, `${where} matchers[${j}]`))
    }
    for (const d of w.weekdays) if (!Number.isInteger(d) || d < 0 || d > 6) throw new Error(`${where}: weekday ${JSON.stringify(d)} must be 0 (Sunday) … 6 (Saturday)`)
    w.times.forEach((t, j) => {
      const ok = (m: number, max: number): boolean => Number.isInteger(m) && m >= 0 && m <= max
      if (!ok(t.startMinute, 1439) || !ok(t.endMinute, 1440)) throw new Error(`${where}: times[${j}] must be minutes within a day, got ${JSON.stringify(t)}`)
      if (t.startMinute === t.endMinute) throw new Error(`${where}: times[${j}] starts and ends at the same time; leave times out for a whole day`)
    })
  })
  const ids = new Set<string>()
  config.routes.forEach((route, i) => {
    const where = `alerting.routes[${i}]`
    checkRoute(route, where, windowNames)
    if (ids.has(route.id)) throw new Error(`${where}: route id "${route.id}" is used twice`)
    ids.add(route.id)
  })
  if (!config.fallback && ids.has(FALLBACK_ROUTE_ID)) throw new Error(`alerting.routes: route id "${FALLBACK_ROUTE_ID}" is reserved for the built-in fallback route`)
  if (config.fallback) {
    checkRoute(config.fallback, 'alerting fallback route', windowNames)
    if (ids.has(config.fallback.id)) throw new Error(`alerting fallback route: id "${config.fallback.id}" is also a route's id`)
  }
  config.inhibitRules.forEach((rule, i) => {
    const where = `alerting.inhibit_rules[${i}]`
    rule.sourceMatchers.forEach((m, j) => validateMatcher(m, `${where} source matchers[${j}]`))
    rule.targetMatchers.forEach((m, j) => validateMatcher(m, `${where} target matchers[${j}]`))
    if (rule.sourceMatchers.length === 0 || rule.targetMatchers.length === 0) throw new Error(`${where}: needs source and target matchers`)
  })
}
