// vigil.yaml: the `alerting:` section — rules, routes (grouping, escalation), receivers,
// inhibition and recurring mute windows. The issue's example validates as written; durations
// become milliseconds, conditions become { op, threshold }, route receivers become escalation
// levels, and mute-window days/times become numbers, so the engine never re-parses text.
import { z } from 'zod'
import { parseTemplate } from '../alert-template'
import { duration } from './duration-schema'
import { kpiId } from './kpi-schema'

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected an id of letters, digits, "_", "-" or "." (max 64)')
const seriesName = z
  .string()
  .regex(/^[A-Za-z_:][A-Za-z0-9_:.]*$/, 'expected a series name of letters, digits, "_", ":" or "." not starting with a digit')
const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a label name (letters, digits, "_", not starting with a digit)')
const labelSet = z.record(labelName, z.string())

/** A duration, or the number 0 (YAML `for: 0`). */
const durationOrZero = z.union([z.literal(0).transform(() => 0), duration])

/** A regular expression (matched against the whole label value). */
const regex = z.string().superRefine((text, ctx) => {
  try {
    new RegExp(`^(?:${text})$`)
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression "${text}": ${(err as Error).message}` })
  }
})
const regexSet = z.record(labelName, regex)

/** An http(s) URL, or a string naming a secret that holds one (`${secret:slack-leads}`). */
const urlOrSecret = z
  .string()
  .regex(/^(https?:\/\/\S+|.*\$\{secret:[A-Za-z0-9_.-]+\}.*)$/, 'expected an http:// or https:// URL, or a ${secret:NAME} reference')

/** An annotation template, checked when the config loads. */
const template = z.string().superRefine((text, ctx) => {
  try {
    parseTemplate(text)
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `template: ${(err as Error).message}` })
  }
})

export const SEVERITIES = ['critical', 'warning', 'info'] as const
export const CONDITION_OPS = ['>', '>=', '<', '<=', '==', '!='] as const
export type ConditionOp = (typeof CONDITION_OPS)[number]

/** A parsed comparison such as "> 250". */
export interface Condition {
  op: ConditionOp
  threshold: number
  /** As written, for messages. */
  text: string
}

const CONDITION_RE = /^\s*(>=|<=|==|!=|>|<)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/

/** A comparison with a number: "> 250", ">= 1", "< 0.9", "== 0", "!= 1". */
export const condition = z
  .string()
  .describe('A comparison such as "> 250", ">= 1", "< 0.9", "== 0" or "!= 1"')
  .transform((text, ctx): Condition => {
    const m = CONDITION_RE.exec(text)
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `expected a comparison such as "> 250", ">= 1", "< 0.9", "== 0" or "!= 1", got "${text}"` })
      return z.NEVER
    }
    return { op: m[1] as ConditionOp, threshold: Number(m[2]), text: `${m[1]} ${m[2]}` }
  })

const ruleName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_:.-]{0,127}$/, 'expected a rule name of letters, digits, "_", ":", "." or "-" (max 128), e.g. HighLatency')

/** Extra alert labels; static text (templated labels would change an alert's identity). */
const ruleLabels = labelSet.superRefine((labels, ctx) => {
  for (const [name, value] of Object.entries(labels)) {
    if (name === 'alertname' || name === 'severity') {
      ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is set by Vigil (use the rule's name${name === 'severity' ? ' and severity:' : ''})` })
    } else if (value.includes('{{')) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'rule labels are static text; put templated text in annotations' })
    }
  }
})


const isPositive = (ms: number): boolean => ms > 0

const ruleCommon = {
  /** Unique; becomes the alert's `alertname` label. */
  name: ruleName,
  severity: z.enum(SEVERITIES).default('warning'),
  /** How long the condition must hold before the alert fires (pending until then); 0 fires at once. */
  for: durationOrZero.prefault('0s'),
  /** How long a firing alert keeps firing after its condition clears (rides out brief recoveries). */
  keep_firing_for: durationOrZero.prefault('0s'),
  labels: ruleLabels.default({}),
  /** Templates: {{ $value }}, {{ $labels.service }}, {{ humanize $value }}, {{ $value | printf "%.1f" }}. */
  annotations: z.record(z.string().min(1), template).default({}),
  enabled: z.boolean().default(true)
}

export const AGGREGATES = ['avg', 'min', 'max', 'last', 'sum', 'count', 'p95'] as const

/** Aggregate of each series' samples in the window (t − window, t], compared with `condition`. */
export const thresholdRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('threshold').default('threshold'),
    series: seriesName,
    /** Only series whose labels include all of these. */
    labels_match: labelSet.default({}),
    window: duration.prefault('5m').refine(isPositive, 'window must be longer than 0s'),
    aggregate: z.enum(AGGREGATES).default('last'),
    condition,
    /** Hysteresis: a firing alert resolves only once this holds (e.g. fire "> 250", clear "< 200"). */
    clear_condition: condition.optional(),
    /** Pool the samples of all series sharing these labels into one alert ([] = one alert for all); default one alert per series. */
    group_by: z.array(labelName).optional()
  })
  .strict()

/** Rate of change per second/minute/hour over the window, compared with `condition`. */
export const rateRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('rate'),
    series: seriesName,
    labels_match: labelSet.default({}),
    window: duration.prefault('5m').refine(isPositive, 'window must be longer than 0s'),
    per: z.enum(['second', 'minute', 'hour']).default('second'),
    /** deriv: least-squares slope (PromQL deriv()); delta: (last − first) / (their time apart). */
    method: z.enum(['deriv', 'delta']).default('deriv'),
    condition,
    clear_condition: condition.optional()
  })
  .strict()

/** Fires for each series with no sample in (t − for_missing, t], and once when no series matches at all. */
export const absenceRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('absence'),
    series: seriesName,
    labels_match: labelSet.default({}),
    for_missing: duration.refine(isPositive, 'for_missing must be longer than 0s').optional(),
    /** Same as for_missing. */
    window: duration.refine(isPositive, 'window must be longer than 0s').optional()
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.for_missing !== undefined && r.window !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'give for_missing or window, not both' })
    }
  })
  .transform(({ window, for_missing, ...rest }) => ({ ...rest, for_missing: for_missing ?? window ?? 300_000 }))

export const KPI_ALERT_STATUSES = ['off_track', 'at_risk', 'unknown'] as const

/** A KPI whose status is one of `status` (default off_track), or whose value meets `condition`. */
export const kpiRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('kpi'),
    kpi: kpiId,
    status: z.array(z.enum(KPI_ALERT_STATUSES)).min(1).optional(),
    condition: condition.optional(),
    clear_condition: condition.optional()
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.status !== undefined && r.condition !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['condition'], message: 'give status or condition, not both' })
    }
    if (r.clear_condition !== undefined && r.condition === undefined) {
      ctx.addIssue({ code: 'custom', path: ['clear_condition'], message: 'clear_condition needs a condition' })
    }
  })
  .transform(({ status, ...rest }) => ({ ...rest, status: rest.condition === undefined ? (status ?? ['off_track' as const]) : null }))

/** Anomaly score of a series from the analytics engine (issue 5) at or above min_score. */
export const anomalyRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('anomaly'),
    series: seriesName,
    labels_match: labelSet.default({}),
    min_score: z.number().gt(0).max(1).default(0.9)
  })
  .strict()

/** A series or KPI predicted (analytics engine) to meet `condition` within `horizon`. */
export const forecastRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('forecast'),
    series: seriesName.optional(),
    kpi: kpiId.optional(),
    labels_match: labelSet.default({}),
    horizon: duration.refine(isPositive, 'horizon must be longer than 0s'),
    condition,
    /** History the model is fitted on. */
    history: duration.prefault('14d').refine(isPositive, 'history must be longer than 0s')
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.series === undefined) === (r.kpi === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['series'], message: 'give series or kpi (exactly one)' })
    }
  })

/** Drift of a model's inputs (one feature, or the dataset) against its reference window. */
export const driftRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('drift'),
    model: z.string().min(1),
    feature: z.string().min(1).optional(),
    method: z.enum(['auto', 'psi', 'ks', 'chi2', 'wasserstein', 'jensen_shannon']).default('auto'),
    /** Overrides the method's documented default threshold. */
    threshold: z.number().finite().optional(),
    window: duration.prefault('1d').refine(isPositive, 'window must be longer than 0s')
  })
  .strict()

export const RULE_KINDS = ['threshold', 'rate', 'absence', 'kpi', 'anomaly', 'forecast', 'drift'] as const

export const alertRuleSchema = z.discriminatedUnion(
  'kind',
  [thresholdRuleSchema, rateRuleSchema, absenceRuleSchema, kpiRuleSchema, anomalyRuleSchema, forecastRuleSchema, driftRuleSchema],
  { error: `expected kind: ${RULE_KINDS.join(' | ')} (threshold when omitted)` }
)

const escalationLevel = z
  .object({
    /** Time since the alert group started firing. */
    after: durationOrZero,
    receivers: z.array(id).min(1)
  })
  .strict()

/** A route as written: which alerts (match/match_re; none = all), how they are grouped, who is told and when. */
const routeObject = z
  .object({
    /** Shown in the notification log; default "route N". */
    name: z.string().min(1).optional(),
    match: labelSet.default({}),
    match_re: regexSet.default({}),
    /** Keep matching later routes after this one (first match wins otherwise). */
    continue: z.boolean().default(false),
    /** Labels an alert group shares ([] = one group per route; ["..."] = every label). */
    group_by: z.array(z.union([labelName, z.literal('...')])).default([]),
    group_wait: duration.prefault('30s'),
    group_interval: duration.prefault('5m').refine(isPositive, 'group_interval must be longer than 0s'),
    repeat_interval: duration.prefault('4h').refine(isPositive, 'repeat_interval must be longer than 0s'),
    /** Shorthand for escalation: [{ after: 0s, receivers }]. */
    receivers: z.array(id).min(1).optional(),
    /** A level is notified only if the group is still firing and unacknowledged `after` its start. */
    escalation: z.array(escalationLevel).optional(),
    /** An acknowledgement lapses after this (notifications resume); default: until resolved. */
    ack_timeout: duration.refine(isPositive, 'ack_timeout must be longer than 0s').optional()
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.receivers !== undefined && r.escalation !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['receivers'], message: 'give receivers or escalation, not both' })
    }
    if (r.group_by.includes('...') && r.group_by.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['group_by'], message: '"..." (every label) cannot be combined with label names' })
    }
    r.escalation?.forEach((level, i) => {
      const prev = r.escalation?.[i - 1]
      if (prev && level.after <= prev.after) {
        ctx.addIssue({ code: 'custom', path: ['escalation', i, 'after'], message: 'escalation levels must be in increasing order of `after`' })
      }
    })
  })

/** `receivers:` becomes a single level at 0s; no receivers at all = the route notifies nobody (it swallows what it matches). */
function normalizeRoute({ receivers, escalation, ...rest }: z.output<typeof routeObject>) {
  return { ...rest, escalation: escalation ?? (receivers ? [{ after: 0, receivers }] : []) }
}

export const routeSchema = routeObject.transform(normalizeRoute)

const receiverCommon = {
  id,
  /** Also notify when the alert resolves. */
  send_resolved: z.boolean().default(true)
}
const sendTimeout = duration.prefault('10s').refine(isPositive, 'timeout must be longer than 0s')

export const desktopReceiverSchema = z
  .object({ ...receiverCommon, kind: z.literal('desktop'), sound: z.boolean().default(false) })
  .strict()

/** JSON body compatible with Alertmanager's webhook payload (version 4). */
export const webhookReceiverSchema = z
  .object({
    ...receiverCommon,
    kind: z.literal('webhook'),
    url: urlOrSecret,
    headers: z.record(z.string(), z.string()).default({}),
    /** Most alerts per message (0 = all). */
    max_alerts: z.number().int().min(0).default(0),
    timeout: sendTimeout
  })
  .strict()

export const slackReceiverSchema = z
  .object({
    ...receiverCommon,
    kind: z.literal('slack'),
    webhook_url: urlOrSecret,
    channel: z.string().optional(),
    username: z.string().optional(),
    timeout: sendTimeout
  })
  .strict()

export const pagerdutyReceiverSchema = z
  .object({
    ...receiverCommon,
    kind: z.literal('pagerduty'),
    routing_key: z.string().min(1),
    /** Events API v2 endpoint; overridable for tests and EU accounts. */
    url: urlOrSecret.default('https://events.pagerduty.com/v2/enqueue'),
    timeout: sendTimeout
  })
  .strict()

const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'expected an e-mail address such as cto@example.com')

export const emailReceiverSchema = z
  .object({
    ...receiverCommon,
    kind: z.literal('email'),
    to: z.array(email).min(1),
    /** Default: vigil@<smtp host>. */
    from: email.optional(),
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** Implicit TLS (SMTPS); default true only for port 465. STARTTLS is used when offered otherwise. */
        secure: z.boolean().optional(),
        /** Refuse to send without STARTTLS. */
        require_tls: z.boolean().default(false),
        username: z.string().optional(),
        password: z.string().optional()
      })
      .strict()
      .transform((s) => ({ ...s, secure: s.secure ?? s.port === 465 })),
    timeout: sendTimeout
  })
  .strict()
  .transform((r) => ({ ...r, from: r.from ?? `vigil@${r.smtp.host}` }))

export const RECEIVER_KINDS = ['desktop', 'webhook', 'slack', 'pagerduty', 'email'] as const

export const receiverSchema = z.discriminatedUnion(
  'kind',
  [desktopReceiverSchema, webhookReceiverSchema, slackReceiverSchema, pagerdutyReceiverSchema, emailReceiverSchema],
  { error: `expected kind: ${RECEIVER_KINDS.join(' | ')}` }
)

/** While an alert matching source_* fires, alerts matching target_* with the same `equal` labels are suppressed. */
export const inhibitRuleSchema = z
  .object({
    source_match: labelSet.default({}),
    source_match_re: regexSet.default({}),
    target_match: labelSet.default({}),
    target_match_re: regexSet.default({}),
    equal: z.array(labelName).default([])
  })
  .strict()
  .superRefine((r, ctx) => {
    if (Object.keys(r.source_match).length + Object.keys(r.source_match_re).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['source_match'], message: 'an inhibit rule needs source_match or source_match_re' })
    }
    if (Object.keys(r.target_match).length + Object.keys(r.target_match_re).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['target_match'], message: 'an inhibit rule needs target_match or target_match_re' })
    }
  })

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const

/** "monday", or an inclusive range "monday:friday" (may wrap, e.g. "friday:monday"); → day numbers, Sunday = 0. */
const weekdaySpec = z.string().transform((text, ctx): number[] => {
  const ends = text.toLowerCase().split(':').map((d) => d.trim())
  const nums = ends.map((d) => (WEEKDAYS as readonly string[]).indexOf(d))
  if (ends.length > 2 || nums.some((n) => n < 0)) {
    ctx.addIssue({ code: 'custom', message: `expected a weekday (${WEEKDAYS.join(', ')}) or a range such as "monday:friday", got "${text}"` })
    return z.NEVER
  }
  const [from, to = from] = nums
  const days: number[] = []
  for (let d = from; ; d = (d + 1) % 7) {
    days.push(d)
    if (d === to) break
  }
  return days
})

const clock = z.string().transform((text, ctx) => {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text)
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : -1
  if (minutes < 0 || minutes > 1440) {
    ctx.addIssue({ code: 'custom', message: `expected a time of day "HH:MM" between 00:00 and 24:00, got "${text}"` })
    return z.NEVER
  }
  return minutes
})

const timeZone = z.string().superRefine((tz, ctx) => {
  if (tz === 'local') return
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
  } catch {
    ctx.addIssue({ code: 'custom', message: `unknown time zone "${tz}" (expected an IANA name such as Europe/London, "UTC" or "local")` })
  }
})

/** A recurring silence: alerts matching match/match_re (none = all) are not notified during these times. */
export const muteWindowSchema = z
  .object({
    name: id,
    weekdays: z.array(weekdaySpec).min(1).optional(),
    /** Minutes after midnight, [start, end); a window crossing midnight is written as two. */
    times: z
      .array(
        z
          .object({ start: clock, end: clock })
          .strict()
          .refine((t) => t.start < t.end, 'start must be before end (split a window that crosses midnight into two)')
      )
      .min(1)
      .optional(),
    /** IANA zone the weekdays and times are in; "local" = the machine's zone. */
    timezone: timeZone.default('local'),
    match: labelSet.default({}),
    match_re: regexSet.default({}),
    comment: z.string().optional()
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.weekdays === undefined && w.times === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'a mute window needs weekdays, times or both' })
    }
  })
  .transform((w) => ({
    ...w,
    /** Sorted day numbers, Sunday = 0; null = every day. */
    weekdays: w.weekdays ? [...new Set(w.weekdays.flat())].sort((a, b) => a - b) : null,
    /** null = all day. */
    times: w.times ?? null
  }))

export const alertingSchema = z
  .object({
    /** How often every rule is evaluated. */
    evaluation_interval: duration.prefault('15s').refine((ms) => ms >= 1000, 'evaluation_interval must be at least 1s'),
    /** Vigil's URL as recipients reach it, for links in notifications (default: `vigil serve`'s own address; none in the desktop app). */
    external_url: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, 'expected an http:// or https:// URL without query or fragment, e.g. https://vigil.example.com/')
      .optional(),
    rules: z.array(alertRuleSchema).default([]),
    /** In order; the first matching route wins unless it says continue: true. */
    routes: z.array(routeObject).default([]),
    receivers: z.array(receiverSchema).default([]),
    inhibit_rules: z.array(inhibitRuleSchema).default([]),
    mute_windows: z.array(muteWindowSchema).default([])
  })
  .strict()
  .superRefine((cfg, ctx) => {
    unique(cfg.rules.map((r) => r.name), 'rules', 'name', 'rule name', ctx)
    unique(cfg.receivers.map((r) => r.id), 'receivers', 'id', 'receiver id', ctx)
    unique(cfg.mute_windows.map((w) => w.name), 'mute_windows', 'name', 'mute window name', ctx)
    const known = new Set(cfg.receivers.map((r) => r.id))
    const check = (rid: string, path: (string | number)[]): void => {
      if (known.has(rid)) return
      const list = [...known].join(', ') || 'none; define it under receivers:'
      ctx.addIssue({ code: 'custom', path, message: `unknown receiver "${rid}" (known: ${list})` })
    }
    cfg.routes.forEach((route, r) => {
      route.receivers?.forEach((rid, i) => check(rid, ['routes', r, 'receivers', i]))
      route.escalation?.forEach((level, l) => level.receivers.forEach((rid, i) => check(rid, ['routes', r, 'escalation', l, 'receivers', i])))
    })
  })
  .transform((cfg) => ({ ...cfg, routes: cfg.routes.map(normalizeRoute) }))

function unique(values: string[], key: string, field: string, what: string, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>()
  values.forEach((v, i) => {
    const prev = seen.get(v)
    if (prev !== undefined) ctx.addIssue({ code: 'custom', path: [key, i, field], message: `duplicate ${what} "${v}" (also ${key}[${prev}])` })
    seen.set(v, i)
  })
}

/** Problems with references from alert rules to KPIs (the whole-config schema reports them under `alerting`). */
export function alertingKpiIssues(alerting: AlertingConfig, kpiIds: ReadonlySet<string>): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = []
  alerting.rules.forEach((rule, i) => {
    const ref = rule.kind === 'kpi' ? rule.kpi : rule.kind === 'forecast' ? rule.kpi : undefined
    if (ref !== undefined && !kpiIds.has(ref)) issues.push({ path: ['rules', i, 'kpi'], message: `unknown KPI "${ref}" (define it under kpis:)` })
  })
  return issues
}

export type AlertingConfig = z.output<typeof alertingSchema>
export type AlertingConfigInput = z.input<typeof alertingSchema>
export type AlertRuleConfig = z.output<typeof alertRuleSchema>
export type AlertRuleKind = AlertRuleConfig['kind']
export type AlertRuleOf<K extends AlertRuleKind> = Extract<AlertRuleConfig, { kind: K }>
export type ThresholdRuleConfig = AlertRuleOf<'threshold'>
export type RateRuleConfig = AlertRuleOf<'rate'>
export type AbsenceRuleConfig = AlertRuleOf<'absence'>
export type KpiRuleConfig = AlertRuleOf<'kpi'>
export type AnomalyRuleConfig = AlertRuleOf<'anomaly'>
export type ForecastRuleConfig = AlertRuleOf<'forecast'>
export type DriftRuleConfig = AlertRuleOf<'drift'>
export type Aggregate = (typeof AGGREGATES)[number]
export type RouteConfig = z.output<typeof routeSchema>
export type EscalationLevelConfig = RouteConfig['escalation'][number]
export type ReceiverConfig = z.output<typeof receiverSchema>
export type ReceiverKind = ReceiverConfig['kind']
export type ReceiverOf<K extends ReceiverKind> = Extract<ReceiverConfig, { kind: K }>
export type InhibitRuleConfig = z.output<typeof inhibitRuleSchema>
export type MuteWindowConfig = z.output<typeof muteWindowSchema>
