// Per label set: does the rule's condition hold now, and with which value. One function per
// rule kind; each reads only the data its ruleQueries() asked for.
import type {
  AbsenceRuleConfig,
  AlertRuleConfig,
  AnomalyRuleConfig,
  Condition,
  DriftRuleConfig,
  ForecastRuleConfig,
  KpiRuleConfig,
  RateRuleConfig,
  ThresholdRuleConfig
} from '@shared/config/alerting-schema'
import { formatDuration } from '@shared/duration'
import type { Labels } from '@shared/types'
import { meets } from './condition'
import { hookMissingMessage, type HookSignal, type RuleHooks } from './hooks'
import { labelsInclude, labelsKey, seriesText } from './labels'
import type { RuleData, SeriesSamples } from './types'
import { aggregatePoints, deltaPerSecond, derivPerSecond, inWindow, windowAt } from './window-aggregate'

/** One label set's verdict at this evaluation. */
export interface Signal {
  /** Series (or group) labels, before the rule's own labels are added. */
  labels: Labels
  value: number | null
  /** The condition holds. */
  met: boolean
  /** A firing alert may resolve (false holds it: clear_condition hysteresis). */
  cleared: boolean
  /** Default annotations (summary); configured ones win. */
  annotations: Record<string, string>
}

/** Readable number for default summaries: 6 significant digits, no exponent below 1e21. */
function num(v: number | null): string {
  return v === null ? 'no value' : String(Number(v.toPrecision(6)))
}

/** met / cleared from a condition and an optional clear_condition. */
function verdict(value: number, condition: Condition, clear: Condition | undefined): { met: boolean; cleared: boolean } {
  const met = meets(condition, value)
  return { met, cleared: clear ? meets(clear, value) : !met }
}

function answerOf<K extends RuleData['kind']>(data: RuleData[], index: number, kind: K): Extract<RuleData, { kind: K }> {
  const d = data[index]
  if (d?.kind !== kind) throw new Error(`the engine answered query ${index + 1} with ${d ? `"${d.kind}"` : 'nothing'}, expected "${kind}"`)
  return d as Extract<RuleData, { kind: K }>
}

/** Matching series of a samples answer, label sets that occur twice (two sources) merged, points in the window. */
function windowSeries(data: RuleData[], labelsMatch: Labels, from: number, to: number): SeriesSamples[] {
  const merged = new Map<string, SeriesSamples>()
  for (const s of answerOf(data, 0, 'samples').series) {
    if (!labelsInclude(s.labels, labelsMatch)) continue
    const points = inWindow(s.points, from, to)
    if (points.length === 0) continue
    const key = labelsKey(s.labels)
    const prev = merged.get(key)
    if (prev) prev.points = [...prev.points, ...points].sort((a, b) => a[0] - b[0])
    else merged.set(key, { labels: s.labels, points })
  }
  return [...merged.values()]
}

/** Pools series by the group_by labels; samples sorted by time (stable, so ties keep series order). */
function pool(series: SeriesSamples[], by: readonly string[]): SeriesSamples[] {
  const groups = new Map<string, SeriesSamples>()
  for (const s of series) {
    const labels: Labels = {}
    for (const name of by) if (s.labels[name] !== undefined && s.labels[name] !== '') labels[name] = s.labels[name]
    const key = labelsKey(labels)
    const g = groups.get(key)
    if (g) g.points.push(...s.points)
    else groups.set(key, { labels, points: [...s.points] })
  }
  for (const g of groups.values()) g.points.sort((a, b) => a[0] - b[0])
  return [...groups.values()]
}

function thresholdSignals(rule: ThresholdRuleConfig, data: RuleData[], now: number): Signal[] {
  const { from, to } = windowAt(now, rule.window)
  let series = windowSeries(data, rule.labels_match, from, to)
  if (rule.group_by !== undefined) series = pool(series, rule.group_by)
  const out: Signal[] = []
  for (const s of series) {
    const value = aggregatePoints(s.points, rule.aggregate)
    if (value === null) continue
    const where =
      rule.group_by === undefined ? seriesText(rule.series, s.labels) : `${seriesText(rule.series, { ...rule.labels_match, ...s.labels })} (all matching series)`
    const summary = `${where}: ${rule.aggregate} over ${formatDuration(rule.window)} is ${num(value)} (alert when ${rule.condition.text})`
    out.push({ labels: s.labels, value, ...verdict(value, rule.condition, rule.clear_condition), annotations: { summary } })
  }
  return out
}

const PER_SECONDS = { second: 1, minute: 60, hour: 3600 } as const

function rateSignals(rule: RateRuleConfig, data: RuleData[], now: number): Signal[] {
  const { from, to } = windowAt(now, rule.window)
  const out: Signal[] = []
  for (const s of windowSeries(data, rule.labels_match, from, to)) {
    const perSecond = rule.method === 'deriv' ? derivPerSecond(s.points) : deltaPerSecond(s.points)
    if (perSecond === null) continue
    const value = perSecond * PER_SECONDS[rule.per]
    const summary = `${seriesText(rule.series, s.labels)}: changing by ${num(value)} per ${rule.per} over ${formatDuration(rule.window)} (alert when ${rule.condition.text})`
    out.push({ labels: s.labels, value, ...verdict(value, rule.condition, rule.clear_condition), annotations: { summary } })
  }
  return out
}

function absenceSignals(rule: AbsenceRuleConfig, data: RuleData[], now: number): Signal[] {
  const latest = new Map<string, { labels: Labels; ts: number }>()
  for (const s of answerOf(data, 0, 'latest').series) {
    if (!labelsInclude(s.labels, rule.labels_match)) continue
    const key = labelsKey(s.labels)
    const prev = latest.get(key)
    if (!prev || s.ts > prev.ts) latest.set(key, { labels: s.labels, ts: s.ts })
  }
  const d = formatDuration(rule.for_missing)
  if (latest.size === 0) {
    const summary = `no series ${seriesText(rule.series, rule.labels_match)} exists (no source has written it)`
    return [{ labels: { ...rule.labels_match }, value: null, met: true, cleared: false, annotations: { summary } }]
  }
  const silentBefore = now - rule.for_missing
  const out: Signal[] = []
  for (const { labels, ts } of latest.values()) {
    if (ts > silentBefore) continue
    const summary = `${seriesText(rule.series, labels)}: no sample for ${d} (last at ${new Date(ts).toISOString()})`
    out.push({ labels, value: null, met: true, cleared: false, annotations: { summary } })
  }
  return out
}

const STATUS_WORDS: Record<string, string> = { off_track: 'off track', at_risk: 'at risk', unknown: 'unknown', on_track: 'on track', no_target: 'without a target' }

function kpiSignals(rule: KpiRuleConfig, data: RuleData[]): Signal[] {
  const kpi = answerOf(data, 0, 'kpi').kpi
  if (kpi === null) throw new Error(`unknown KPI "${rule.kpi}" (define it under kpis:)`)
  const labels = { kpi: kpi.id }
  const head = `KPI ${kpi.name} is ${STATUS_WORDS[kpi.status] ?? kpi.status}: ${kpi.statusReason}`
  if (rule.status !== null) {
    const met = (rule.status as readonly string[]).includes(kpi.status)
    return [{ labels, value: kpi.value, met, cleared: !met, annotations: { summary: head } }]
  }
  if (kpi.value === null || rule.condition === undefined) return []
  const summary = `KPI ${kpi.name} is ${num(kpi.value)}${kpi.unit ? ` ${kpi.unit}` : ''} (alert when ${rule.condition.text})`
  return [{ labels, value: kpi.value, ...verdict(kpi.value, rule.condition, rule.clear_condition), annotations: { summary } }]
}

/** The signals of a rule from its data; throws an Error (reported as rule health) when the data cannot be used. */
export function ruleSignals(rule: AlertRuleConfig, data: RuleData[], now: number, hooks: RuleHooks | undefined): Signal[] {
  switch (rule.kind) {
    case 'threshold':
      return thresholdSignals(rule, data, now)
    case 'rate':
      return rateSignals(rule, data, now)
    case 'absence':
      return absenceSignals(rule, data, now)
    case 'kpi':
      return kpiSignals(rule, data)
    case 'anomaly':
    case 'forecast':
    case 'drift':
      return hookSignals(rule, data, now, hooks).map((h) => ({
        labels: h.labels,
        value: h.value,
        met: h.active,
        cleared: !h.active,
        annotations: { summary: `${rule.kind} rule ${rule.name}: value ${num(h.value)}`, ...h.annotations }
      }))
  }
}

function hookSignals(
  rule: AnomalyRuleConfig | ForecastRuleConfig | DriftRuleConfig,
  data: RuleData[],
  now: number,
  hooks: RuleHooks | undefined
): HookSignal[] {
  const missing = (): never => {
    throw new Error(hookMissingMessage(rule.kind, rule.name))
  }
  switch (rule.kind) {
    case 'anomaly':
      return (hooks?.anomaly ?? missing()).evaluate(rule, data, now)
    case 'forecast':
      return (hooks?.forecast ?? missing()).evaluate(rule, data, now)
    case 'drift':
      return (hooks?.drift ?? missing()).evaluate(rule, data, now)
  }
}
