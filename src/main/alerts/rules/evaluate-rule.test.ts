import { describe, expect, it } from 'vitest'
import type { AlertInstance } from '@shared/alerts'
import { alertRuleSchema, type AlertRuleConfig } from '@shared/config/alerting-schema'
import type { KpiValue } from '@shared/kpi'
import type { Labels, LatestValue, Point } from '@shared/types'
import {
  alertId,
  evaluateRule,
  fetchRuleInput,
  ruleQueries,
  type AlertTransition,
  type RuleData,
  type RuleEvaluation,
  type RuleHooks,
  type RuleInput
} from '.'

const S = 1000
const M = 60 * S
const T0 = Date.UTC(2026, 5, 1, 9, 0, 0)

function rule(input: Record<string, unknown>): AlertRuleConfig {
  return alertRuleSchema.parse(input)
}

/** A series whose value is given per time by a function (undefined = no sample then). */
interface FakeSeries {
  labels: Labels
  value: (t: number) => number | undefined
  /** Sample spacing. */
  every?: number
}

/** Answers samples/latest queries from fake series sampled every 15 s (or `every`) from T0 − 1h. */
function answer(r: AlertRuleConfig, now: number, series: FakeSeries[], extra: Partial<{ kpi: KpiValue | null; hooks: RuleHooks }> = {}): RuleInput {
  const samplesOf = (s: FakeSeries, to: number): Point[] => {
    const out: Point[] = []
    const every = s.every ?? 15 * S
    for (let t = T0 - 3_600_000; t <= to; t += every) {
      const v = s.value(t)
      if (v !== undefined) out.push([t, v])
    }
    return out
  }
  const data = ruleQueries(r, now, extra.hooks).map((q): RuleData => {
    if (q.kind === 'samples') return { kind: 'samples', series: series.map((s) => ({ labels: s.labels, points: samplesOf(s, q.to) })) }
    if (q.kind === 'latest') {
      const latest: LatestValue[] = []
      for (const s of series) {
        const pts = samplesOf(s, now)
        if (pts.length > 0) latest.push({ series: q.series, labels: s.labels, ts: pts[pts.length - 1][0], value: pts[pts.length - 1][1] })
      }
      return { kind: 'latest', series: latest }
    }
    return { kind: 'kpi', kpi: extra.kpi ?? null }
  })
  return { data }
}

/** Steps a rule through time, keeping the instance map as the engine would. */
class Stepper {
  instances = new Map<string, AlertInstance>()
  transitions: AlertTransition[] = []
  last: RuleEvaluation | null = null
  constructor(
    readonly r: AlertRuleConfig,
    readonly series: FakeSeries[],
    readonly opts: { hooks?: RuleHooks; kpi?: (t: number) => KpiValue | null } = {}
  ) {}

  at(t: number): RuleEvaluation {
    const input = answer(this.r, t, this.series, { kpi: this.opts.kpi?.(t) ?? null, hooks: this.opts.hooks })
    return this.apply(t, input)
  }

  apply(t: number, input: RuleInput): RuleEvaluation {
    const result = evaluateRule(this.r, this.instances, input, t, this.opts.hooks)
    this.instances = result.instances
    this.transitions.push(...result.transitions)
    this.last = result
    return result
  }

  /** Runs every `step` from `from` to `to` inclusive; returns the state of the single instance (or "none") at each step. */
  run(from: number, to: number, step = 15 * S): string[] {
    const out: string[] = []
    for (let t = from; t <= to; t += step) {
      this.at(t)
      const states = [...this.instances.values()].map((a) => a.state)
      out.push(states.length === 0 ? 'none' : states.join(','))
    }
    return out
  }

  only(): AlertInstance {
    const all = [...this.instances.values()]
    if (all.length !== 1) throw new Error(`expected one instance, got ${all.length}`)
    return all[0]
  }

  moves(): string[] {
    return this.transitions.map((t) => `${(t.at - T0) / S}s ${t.from}→${t.to}`)
  }
}

const latency = { labels: { service: 'checkout' } }
/** A step function of time: value `high` during [start, end) (relative to T0), `low` otherwise. */
const pulse = (start: number, end: number, high = 300, low = 100) => (t: number) => (t >= T0 + start && t < T0 + end ? high : low)

const highLatency = {
  name: 'HighLatency',
  series: 'api_latency_ms',
  labels_match: { service: 'checkout' },
  window: '1m',
  aggregate: 'last',
  condition: '> 250',
  severity: 'critical',
  labels: { team: 'platform' },
  annotations: { summary: 'checkout latency {{ $value }} ms on {{ $labels.service }} ({{ $labels.team }})' }
}

describe('the alert state machine (Prometheus semantics)', () => {
  it('goes inactive → pending → firing once the condition has held for `for`', () => {
    const s = new Stepper(rule({ ...highLatency, for: '2m' }), [{ ...latency, value: pulse(60 * S, 10 * M) }])
    expect(s.run(T0, T0 + 4 * M, 30 * S)).toEqual(['none', 'none', 'pending', 'pending', 'pending', 'pending', 'firing', 'firing', 'firing'])
    expect(s.moves()).toEqual(['60s inactive→pending', '180s pending→firing'])
    const a = s.only()
    expect(a).toMatchObject({
      rule: 'HighLatency',
      severity: 'critical',
      state: 'firing',
      value: 300,
      activeAt: T0 + 60 * S,
      firedAt: T0 + 180 * S,
      resolvedAt: null,
      keepFiringSince: null,
      lastEvalAt: T0 + 4 * M,
      labels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout', team: 'platform' },
      annotations: { summary: 'checkout latency 300 ms on checkout (platform)' }
    })
    expect(a.id).toBe(alertId('HighLatency', a.labels))
  })

  it('fires in the same evaluation with for: 0', () => {
    const s = new Stepper(rule(highLatency), [{ ...latency, value: pulse(30 * S, 10 * M) }])
    expect(s.run(T0, T0 + 60 * S)).toEqual(['none', 'none', 'firing', 'firing', 'firing'])
    expect(s.moves()).toEqual(['30s inactive→firing'])
    expect(s.only()).toMatchObject({ activeAt: T0 + 30 * S, firedAt: T0 + 30 * S })
  })

  it('drops a pending alert whose condition clears, without a resolve', () => {
    const s = new Stepper(rule({ ...highLatency, for: '2m' }), [{ ...latency, value: pulse(0, 60 * S) }])
    expect(s.run(T0, T0 + 2 * M, 30 * S)).toEqual(['pending', 'pending', 'none', 'none', 'none'])
    expect(s.moves()).toEqual(['0s inactive→pending', '60s pending→inactive'])
    expect(s.transitions.some((t) => t.to === 'resolved')).toBe(false)
  })

  it('resolves a firing alert when its condition clears (keep_firing_for 0)', () => {
    const s = new Stepper(rule(highLatency), [{ ...latency, value: pulse(0, 60 * S) }])
    expect(s.run(T0, T0 + 90 * S)).toEqual(['firing', 'firing', 'firing', 'firing', 'none', 'none', 'none'])
    const resolved = s.transitions.find((t) => t.to === 'resolved') as AlertTransition
    expect(resolved).toMatchObject({ from: 'firing', at: T0 + 60 * S, rule: 'HighLatency' })
    expect(resolved.instance).toMatchObject({ state: 'resolved', resolvedAt: T0 + 60 * S, firedAt: T0, value: 300 })
    expect(s.instances.size).toBe(0)
  })

  it('keeps firing through a recovery shorter than keep_firing_for, with the last firing value', () => {
    // High for 0–60 s, low 60–90 s, high again 90–120 s, then low for good.
    const value = (t: number): number => (t < T0 + 60 * S || (t >= T0 + 90 * S && t < T0 + 120 * S) ? 300 + (t - T0) / S : 100)
    const s = new Stepper(rule({ ...highLatency, keep_firing_for: '1m' }), [{ ...latency, value }])
    const states = s.run(T0, T0 + 4 * M)
    // firing throughout the 30 s dip, then 1 min more after 120 s (resolved at 180 s: 180 − 120 ≥ 60).
    expect(states.slice(0, 12)).toEqual(Array(12).fill('firing'))
    expect(states.slice(12)).toEqual(Array(5).fill('none'))
    expect(s.moves()).toEqual(['0s inactive→firing', '180s firing→resolved'])

    const t = new Stepper(rule({ ...highLatency, keep_firing_for: '1m' }), [{ ...latency, value }])
    t.run(T0, T0 + 75 * S)
    // In the dip: held, keepFiringSince = first evaluation without the condition, value frozen at 345.
    expect(t.only()).toMatchObject({ state: 'firing', keepFiringSince: T0 + 60 * S, value: 345, annotations: { summary: 'checkout latency 345 ms on checkout (platform)' } })
    t.run(T0 + 90 * S, T0 + 90 * S)
    expect(t.only()).toMatchObject({ keepFiringSince: null, value: 390, firedAt: T0 })
  })

  it('flapping: `for` keeps a flapping condition from firing; keep_firing_for keeps a firing alert from flapping', () => {
    const flap = (t: number): number => (Math.floor((t - T0) / (30 * S)) % 2 === 0 ? 300 : 100)
    const pendingOnly = new Stepper(rule({ ...highLatency, for: '1m' }), [{ ...latency, value: flap }])
    const states = pendingOnly.run(T0, T0 + 10 * M)
    expect(states).not.toContain('firing')
    // 11 high phases in 10 minutes (every other 30 s): each goes pending and lapses.
    expect(pendingOnly.transitions.filter((t) => t.to === 'pending').length).toBe(11)

    const held = new Stepper(rule({ ...highLatency, keep_firing_for: '45s' }), [{ ...latency, value: flap }])
    expect(new Set(held.run(T0, T0 + 10 * M))).toEqual(new Set(['firing']))
    expect(held.moves()).toEqual(['0s inactive→firing'])

    const flappy = new Stepper(rule(highLatency), [{ ...latency, value: flap }])
    flappy.run(T0, T0 + 10 * M)
    expect(flappy.transitions.filter((t) => t.to === 'resolved').length).toBe(10)
  })

  it('flapping around the threshold: clear_condition holds a firing alert until the value is clearly back', () => {
    const values = [260, 240, 255, 245, 230, 210, 199, 240]
    const value = (t: number): number => values[Math.min(values.length - 1, Math.floor((t - T0) / (15 * S)))]
    const s = new Stepper(rule({ ...highLatency, clear_condition: '< 200' }), [{ ...latency, value }])
    expect(s.run(T0, T0 + 7 * 15 * S)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'none', 'none'])
    // While held by hysteresis the value follows the data (the condition is still "true enough").
    const t = new Stepper(rule({ ...highLatency, clear_condition: '< 200' }), [{ ...latency, value }])
    t.run(T0, T0 + 15 * S)
    expect(t.only().value).toBe(240)
  })

  it('starts a new episode after a resolve (new activeAt)', () => {
    const value = (t: number): number => (t < T0 + 30 * S || t >= T0 + 60 * S ? 300 : 100)
    const s = new Stepper(rule(highLatency), [{ ...latency, value }])
    s.run(T0, T0 + 60 * S)
    expect(s.moves()).toEqual(['0s inactive→firing', '30s firing→resolved', '60s inactive→firing'])
    expect(s.only()).toMatchObject({ activeAt: T0 + 60 * S, firedAt: T0 + 60 * S })
  })

  it('tracks one instance per series label set, with stable ids', () => {
    const s = new Stepper(rule({ ...highLatency, labels_match: {} }), [
      { labels: { service: 'checkout', region: 'eu' }, value: () => 300 },
      { labels: { region: 'us', service: 'checkout' }, value: () => 300 },
      { labels: { service: 'search', region: 'eu' }, value: () => 100 }
    ])
    s.at(T0)
    const ids = [...s.instances.keys()].sort()
    expect(ids).toHaveLength(2)
    const eu = alertId('HighLatency', { alertname: 'HighLatency', region: 'eu', service: 'checkout', severity: 'critical', team: 'platform' })
    expect(ids).toContain(eu)
    expect(alertId('HighLatency', { team: 'platform', severity: 'critical', service: 'checkout', region: 'eu', alertname: 'HighLatency' })).toBe(eu)
    expect(alertId('OtherRule', { alertname: 'HighLatency', region: 'eu', service: 'checkout', severity: 'critical', team: 'platform' })).not.toBe(eu)
    s.at(T0 + 15 * S)
    expect([...s.instances.keys()].sort()).toEqual(ids)
  })
})

describe('threshold windows and aggregates', () => {
  const ramp = { ...latency, value: (t: number) => (t - T0) / S } // value = seconds since T0, a sample every 15 s

  it('aggregates the samples in (now − window, now]', () => {
    const cases: [string, number][] = [
      ['avg', 37.5], // samples at 15, 30, 45, 60 (0 is outside: the window is left-open)
      ['min', 15],
      ['max', 60],
      ['last', 60],
      ['sum', 150],
      ['count', 4],
      ['p95', 57.75] // rank 0.95 × 3 = 2.85 → 45 + 0.85 × 15
    ]
    for (const [aggregate, expected] of cases) {
      const s = new Stepper(rule({ ...highLatency, aggregate, condition: '> -1' }), [ramp])
      s.at(T0 + 60 * S)
      expect(s.only().value, aggregate).toBeCloseTo(expected, 9)
    }
  })

  it('has no value (and no alert) when the window holds no sample', () => {
    const gap = { ...latency, value: (t: number) => (t <= T0 ? 500 : undefined) }
    const s = new Stepper(rule({ ...highLatency, aggregate: 'count', condition: '>= 0' }), [gap])
    expect(s.run(T0, T0 + 75 * S)).toEqual(['firing', 'firing', 'firing', 'firing', 'none', 'none'])
  })

  it('pools series with group_by, and ignores series outside labels_match', () => {
    const r = rule({ ...highLatency, labels_match: { env: 'prod' }, aggregate: 'max', condition: '> 0', group_by: ['service'] })
    const s = new Stepper(r, [
      { labels: { env: 'prod', service: 'a', pod: '1' }, value: () => 1 },
      { labels: { env: 'prod', service: 'a', pod: '2' }, value: () => 7 },
      { labels: { env: 'prod', service: 'b', pod: '1' }, value: () => 3 },
      { labels: { env: 'dev', service: 'b', pod: '9' }, value: () => 99 }
    ])
    s.at(T0)
    const byService = Object.fromEntries([...s.instances.values()].map((a) => [a.labels.service, a]))
    expect(Object.keys(byService).sort()).toEqual(['a', 'b'])
    expect(byService.a.value).toBe(7)
    expect(byService.b.value).toBe(3)
    expect(byService.a.labels).toEqual({ alertname: 'HighLatency', service: 'a', severity: 'critical', team: 'platform' })

    const all = new Stepper(rule({ ...highLatency, labels_match: { env: 'prod' }, aggregate: 'count', condition: '> 0', group_by: [] }), s.series)
    all.at(T0 + 30 * S)
    expect(all.only()).toMatchObject({ value: 12, labels: { alertname: 'HighLatency', severity: 'critical', team: 'platform' } })
  })

  it('merges two series with the same labels (two sources) into one instance', () => {
    const s = new Stepper(rule({ ...highLatency, aggregate: 'count', condition: '> 0' }), [
      { ...latency, value: () => 1 },
      { ...latency, value: () => 2, every: 30 * S }
    ])
    s.at(T0 + 60 * S)
    expect(s.only().value).toBe(6)
  })
})

describe('rate rules', () => {
  it('compares the least-squares slope (deriv) per minute with the condition', () => {
    // +2 per 15 s = 8 per minute, with noise that does not change the slope much.
    const r = rule({ name: 'Growing', kind: 'rate', series: 'disk_used', window: '5m', per: 'minute', condition: '> 5' })
    const s = new Stepper(r, [{ labels: { disk: 'sda' }, value: (t) => (t < T0 ? 0 : 2 * ((t - T0) / (15 * S)) + ((t / S) % 2 === 0 ? 0.5 : -0.5)) }])
    s.at(T0 + 5 * M)
    expect(s.only().value).toBeCloseTo(8, 0)
    expect(s.only().labels).toEqual({ alertname: 'Growing', disk: 'sda', severity: 'warning' })
    expect(s.only().annotations.summary).toMatch(/^disk_used\{disk="sda"\}: changing by 8\.\d+ per minute over 5m \(alert when > 5\)$/)
  })

  it('delta uses the first and last sample; fewer than two samples give no value', () => {
    const r = rule({ name: 'Jump', kind: 'rate', series: 'x', window: '1m', method: 'delta', per: 'hour', condition: '!= 0' })
    const s = new Stepper(r, [{ labels: {}, value: (t) => (t === T0 + 60 * S ? 10 : t === T0 + 15 * S ? 4 : undefined) }])
    s.at(T0 + 60 * S)
    expect(s.only().value).toBeCloseTo(((10 - 4) / 45) * 3600, 9)
    s.at(T0 + 90 * S)
    expect(s.instances.size).toBe(0)
  })
})

describe('absence rules', () => {
  const silent = { name: 'HeartbeatMissing', kind: 'absence', series: 'heartbeat', for_missing: '2m', severity: 'critical' }

  it('fires per series with no sample for for_missing, and resolves when it reports again', () => {
    const s = new Stepper(rule(silent), [
      { labels: { host: 'a' }, value: (t) => (t < T0 || t >= T0 + 5 * M ? 1 : undefined) },
      { labels: { host: 'b' }, value: () => 1 }
    ])
    // a's last sample is at T0 − 15 s: silent once now − last ≥ 2 m, i.e. from T0 + 105 s.
    expect(s.run(T0, T0 + 6 * M, 15 * S).map((x) => x)).toEqual([
      ...Array(7).fill('none'),
      ...Array(13).fill('firing'),
      ...Array(5).fill('none')
    ])
    expect(s.moves()).toEqual(['105s inactive→firing', '300s firing→resolved'])
    expect(s.transitions[0].instance).toMatchObject({
      value: null,
      labels: { alertname: 'HeartbeatMissing', host: 'a', severity: 'critical' },
      annotations: { summary: `heartbeat{host="a"}: no sample for 2m (last at ${new Date(T0 - 15 * S).toISOString()})` }
    })
  })

  it('fires once, with the matcher labels, when no series exists at all', () => {
    const s = new Stepper(rule({ ...silent, labels_match: { job: 'etl' } }), [{ labels: { job: 'web' }, value: () => 1 }])
    s.at(T0)
    expect(s.only()).toMatchObject({
      state: 'firing',
      value: null,
      labels: { alertname: 'HeartbeatMissing', job: 'etl', severity: 'critical' },
      annotations: { summary: 'no series heartbeat{job="etl"} exists (no source has written it)' }
    })
  })

  it('respects `for` like any other rule', () => {
    const s = new Stepper(rule({ ...silent, for: '1m' }), [])
    expect(s.run(T0, T0 + 60 * S)).toEqual(['pending', 'pending', 'pending', 'pending', 'firing'])
  })
})

function kpiValue(over: Partial<KpiValue>): KpiValue {
  return {
    id: 'adoption',
    name: 'AI adoption',
    unit: '%',
    dimension: 'transformation',
    owner: null,
    direction: 'higher',
    description: null,
    formula: 'adoption_pct',
    series: ['adoption_pct'],
    value: 18,
    at: T0,
    error: null,
    baseline: null,
    baselineSource: null,
    baselineError: null,
    changeVsBaselinePct: null,
    improvedVsBaseline: null,
    target: 25,
    normalRange: null,
    atRiskMargin: 0.1,
    status: 'off_track',
    statusReason: '18 % vs target 25 %: 7 below target, more than the at-risk margin of 2.5 (10 % of the target): off track',
    trend: [],
    trendChangePct: null,
    ...over
  }
}

describe('KPI rules', () => {
  it('fires while the KPI status is one of the listed ones', () => {
    const statuses: KpiValue['status'][] = ['on_track', 'at_risk', 'off_track', 'off_track', 'unknown', 'on_track']
    const r = rule({ name: 'AdoptionBehind', kind: 'kpi', kpi: 'adoption', status: ['off_track', 'at_risk'] })
    const s = new Stepper(r, [], { kpi: (t) => kpiValue({ status: statuses[(t - T0) / (15 * S)] }) })
    expect(s.run(T0, T0 + 75 * S)).toEqual(['none', 'firing', 'firing', 'firing', 'none', 'none'])
    expect(s.transitions[0].instance).toMatchObject({
      labels: { alertname: 'AdoptionBehind', kpi: 'adoption', severity: 'warning' },
      value: 18,
      annotations: { summary: expect.stringMatching(/^KPI AI adoption is at risk: 18 % vs target 25 %/) }
    })
  })

  it('defaults to off_track, and can compare the value instead', () => {
    const byDefault = new Stepper(rule({ name: 'K', kind: 'kpi', kpi: 'adoption' }), [], { kpi: () => kpiValue({ status: 'at_risk' }) })
    byDefault.at(T0)
    expect(byDefault.instances.size).toBe(0)
    const byValue = new Stepper(rule({ name: 'K', kind: 'kpi', kpi: 'adoption', condition: '< 20', annotations: { summary: '{{ $labels.kpi }} at {{ $value }}%' } }), [], {
      kpi: (t) => kpiValue({ value: t === T0 ? 18 : 22 })
    })
    expect(byValue.run(T0, T0 + 15 * S)).toEqual(['firing', 'none'])
    expect(byValue.transitions[0].instance.annotations).toEqual({ summary: 'adoption at 18%' })
  })

  it('reports an unknown KPI as a rule error', () => {
    const s = new Stepper(rule({ name: 'K', kind: 'kpi', kpi: 'nope' }), [], { kpi: () => null })
    expect(s.at(T0).health).toEqual({ rule: 'K', state: 'error', error: 'rule "K": unknown KPI "nope" (define it under kpis:)', evaluatedAt: T0 })
  })
})

describe('annotations', () => {
  it('renders templates with $value, $labels and functions over the default summary', () => {
    const r = rule({
      ...highLatency,
      annotations: { summary: '{{ $labels.service }}: {{ humanize $value }}ms', runbook: 'https://wiki/{{ $labels.team | toUpper }}', bad: '{{ humanize $labels.service }}' }
    })
    const s = new Stepper(r, [{ ...latency, value: () => 1234.5678 }])
    s.at(T0)
    expect(s.only().annotations).toEqual({
      summary: 'checkout: 1.235kms',
      runbook: 'https://wiki/PLATFORM',
      bad: '<error expanding template: humanize: "checkout" is not a number>'
    })
  })

  it('gives every alert a summary when the rule has none', () => {
    const s = new Stepper(rule({ ...highLatency, annotations: {}, aggregate: 'avg' }), [{ ...latency, value: () => 251.33333 }])
    s.at(T0)
    expect(s.only().annotations).toEqual({ summary: 'api_latency_ms{service="checkout"}: avg over 1m is 251.333 (alert when > 250)' })
  })
})

describe('hooks, errors and disabled rules', () => {
  const anomaly = rule({ name: 'OrdersOdd', kind: 'anomaly', series: 'orders', min_score: 0.8 })

  it('reports a clear error for anomaly/forecast/drift rules until the analytics engine registers a hook', () => {
    const rules = [anomaly, rule({ name: 'DiskFull', kind: 'forecast', series: 'disk', horizon: '7d', condition: '> 95' }), rule({ name: 'Drift', kind: 'drift', model: 'fraud' })]
    for (const r of rules) {
      expect(ruleQueries(r, T0)).toEqual([])
      const result = evaluateRule(r, new Map(), { data: [] }, T0)
      expect(result.health).toEqual({
        rule: r.name,
        state: 'error',
        error: `${r.kind} rule "${r.name}": ${r.kind} rules are not available until the analytics engine is enabled`,
        evaluatedAt: T0
      })
      expect(result.instances.size).toBe(0)
    }
  })

  it('evaluates through a registered hook', () => {
    const seen: number[] = []
    const hooks: RuleHooks = {
      anomaly: {
        queries: (r, now) => [{ kind: 'samples', series: r.series, labels: r.labels_match, from: now - 3_600_000, to: now }],
        evaluate: (r, data, now) => {
          seen.push(now)
          const d = data[0]
          if (d.kind !== 'samples') throw new Error('expected samples')
          return d.series.map((s) => {
            const score = s.points[s.points.length - 1][1]
            return { labels: s.labels, active: score >= r.min_score, value: score, annotations: { explanation: `score ${score}` } }
          })
        }
      }
    }
    const s = new Stepper(anomaly, [{ labels: { shop: 'eu' }, value: (t) => (t === T0 ? 0.95 : 0.1) }], { hooks })
    s.at(T0)
    expect(s.last?.health.state).toBe('ok')
    expect(s.only()).toMatchObject({ state: 'firing', value: 0.95, annotations: { explanation: 'score 0.95', summary: 'anomaly rule OrdersOdd: value 0.95' } })
    s.at(T0 + 15 * S)
    expect(s.instances.size).toBe(0)
    expect(seen).toEqual([T0, T0 + 15 * S])
  })

  it('keeps alert state and reports health when data cannot be read or a hook fails', () => {
    const s = new Stepper(rule(highLatency), [{ ...latency, value: () => 300 }])
    s.at(T0)
    const before = s.only()
    const failed = s.apply(T0 + 15 * S, { data: [], error: 'database is locked' })
    expect(failed.health).toMatchObject({ state: 'error', error: 'rule "HighLatency": reading its data failed: database is locked' })
    expect(failed.instances.get(before.id)).toBe(before)
    expect(failed.transitions).toEqual([])

    const wrongKind = s.apply(T0 + 30 * S, { data: [{ kind: 'latest', series: [] }] })
    expect(wrongKind.health.error).toBe('rule "HighLatency": query 1 asked for "samples" data, the engine answered "latest"')
    const missing = s.apply(T0 + 30 * S, { data: [] })
    expect(missing.health.error).toBe(`rule "HighLatency": the engine answered 0 of the rule's 1 queries`)
    expect(s.only()).toBe(before)

    const hooks: RuleHooks = {
      anomaly: {
        queries: () => [],
        evaluate: () => {
          throw new Error('model not trained yet for orders')
        }
      }
    }
    const h = evaluateRule(anomaly, new Map(), { data: [] }, T0, hooks)
    expect(h.health.error).toBe('rule "OrdersOdd": model not trained yet for orders')
  })

  it('ends the alerts of a disabled rule', () => {
    const s = new Stepper(rule({ ...highLatency, keep_firing_for: '10m' }), [{ ...latency, value: () => 300 }])
    s.at(T0)
    const off = evaluateRule(rule({ ...highLatency, keep_firing_for: '10m', enabled: false }), s.instances, { data: [] }, T0 + 15 * S)
    expect(off.health.state).toBe('disabled')
    expect(off.instances.size).toBe(0)
    expect(off.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['firing→resolved'])
    expect(ruleQueries(rule({ ...highLatency, enabled: false }), T0)).toEqual([])
  })

  it("leaves other rules' instances alone", () => {
    const s = new Stepper(rule(highLatency), [{ ...latency, value: () => 300 }])
    s.at(T0)
    const other = evaluateRule(rule({ ...highLatency, name: 'Other' }), s.instances, answer(rule({ ...highLatency, name: 'Other' }), T0, []), T0 + 15 * S)
    expect(other.transitions).toEqual([])
    expect(other.instances.size).toBe(0)
  })
})

describe('fetchRuleInput', () => {
  const r = rule(highLatency)
  const source = {
    samples: async () => [{ labels: { service: 'checkout' }, points: [[T0, 300]] as Point[] }],
    latest: async () => [],
    kpi: async () => null
  }

  it('answers the queries in order', async () => {
    const input = await fetchRuleInput(ruleQueries(r, T0), source, T0)
    expect(input).toEqual({ data: [{ kind: 'samples', series: [{ labels: { service: 'checkout' }, points: [[T0, 300]] }] }] })
    expect(evaluateRule(r, new Map(), input, T0).instances.size).toBe(1)
  })

  it('turns a failing source into RuleInput.error', async () => {
    const input = await fetchRuleInput(ruleQueries(r, T0), { ...source, samples: async () => Promise.reject(new Error('store closed')) }, T0)
    expect(input).toEqual({ data: [], error: 'store closed' })
  })
})
