// The demo scenario's events as annotations: every incident (outage, latency spike, error burst)
// and every model deployment the series show. Pure: the events whose state changes in a time
// window, each as it stands at the window's end, so back-fill and live polls agree.
import type { AnnotationInput } from '../../store/metric-store'
import { DAY, HOUR, MINUTE } from './calendar'
import { incidentErrorBoost, incidentLatencyFactor } from './env'
import { incidentsOnDay, type DemoService, type Incident, type IncidentKind } from './incidents'
import { noiseKey, uniform } from './noise'

/** An annotation of the demo source (the scheduler adds the source id); the key makes re-sending it harmless. */
export type DemoAnnotation = Omit<AnnotationInput, 'source'> & { key: string }

const WHAT: Record<IncidentKind, string> = { down: 'outage', latency: 'latency spike', errors: 'error burst' }

const DIRECT: Record<IncidentKind, string[]> = {
  down: ['service_up', 'service_requests_per_second', 'service_error_rate_percent', 'service_latency_ms'],
  latency: ['service_latency_ms'],
  errors: ['service_error_rate_percent']
}

/** Series outside the service's own that an incident moves (see services, models, processes, pipelines). */
const KNOCK_ON: Record<DemoService, Record<IncidentKind, string[]>> = {
  'assistant-api': {
    down: ['model_throughput_rps', 'gpu_utilisation_percent', 'customer_satisfaction_score', 'process_handle_time_seconds'],
    latency: ['model_inference_latency_ms', 'customer_satisfaction_score', 'process_handle_time_seconds'],
    errors: ['process_error_rate_percent']
  },
  'fraud-scoring': {
    down: ['model_throughput_rps', 'process_handle_time_seconds', 'fraud_detection_rate_percent'],
    latency: ['model_inference_latency_ms', 'process_handle_time_seconds', 'fraud_detection_rate_percent'],
    errors: ['process_error_rate_percent']
  },
  // Its knock-on effects (slower, failing assistant-api) land on the service series listed above.
  'vector-db': { down: [], latency: [], errors: [] },
  etl: {
    down: ['pipeline_lag_seconds', 'pipeline_records_per_minute', 'pipeline_errors_total'],
    latency: ['pipeline_lag_seconds'],
    errors: ['pipeline_errors_total']
  }
}

interface Deployment {
  model: string
  /** Epoch ms. */
  ts: number
  version: string
  text: string
  series: string[]
}

const QUALITY = ['model_accuracy', 'model_precision', 'model_recall', 'model_f1']
const FRAUD_SERIES = [...QUALITY, 'model_feature_drift_psi', 'fraud_detection_rate_percent', 'fraud_false_positive_rate_percent']
const K_WEEKLY = noiseKey('deployment:fraud-detector:weekly')

/** Days (after the programme start) of the fraud model's first deployment and retrains (env.ts fraudModelAge). */
function fraudVersionDays(lastDay: number): number[] {
  const days = [30]
  for (let day = 150; day <= lastDay + 90; day += 90) days.push(day)
  return days
}

/** Epoch day index (days since 1970-01-01) of the first Monday on or after `dayIndex`. */
function mondayOnOrAfter(dayIndex: number): number {
  // 1970-01-05 (day 4) was a Monday.
  return dayIndex + ((((4 - dayIndex) % 7) + 7) % 7)
}

/**
 * The deployments the model series show, and the fraud model's weekly rule updates between them:
 * the fraud model goes live on day 30 (v1) and is retrained on day 150 after drift (v2), then
 * every 90 days (env.ts fraudModelAge); each version gets a rules-and-thresholds update (v1.1,
 * v1.2…) every week on a weekday and office hour drawn from the seed; the customer-service
 * assistant ships improved releases on days 45 and 90 (models.ts). Only those up to `asOf`.
 */
function deploymentsUpTo(seed: number, programmeStart: number, asOf: number): Deployment[] {
  const at = (day: number): number => programmeStart + day * DAY
  const out: Deployment[] = [
    { model: 'cs-assistant', ts: at(45), version: '2', text: 'Better answers from a larger knowledge base', series: QUALITY },
    { model: 'cs-assistant', ts: at(90), version: '3', text: 'Fine-tuned on resolved support cases', series: QUALITY }
  ]
  const majors = fraudVersionDays(Math.floor((asOf - programmeStart) / DAY))
  majors.forEach((day, i) => {
    if (at(day) > asOf) return
    const text =
      i === 0
        ? 'First production model for card-fraud scoring'
        : i === 1
          ? 'Retrained on recent transactions after feature drift (PSI) eroded accuracy'
          : 'Scheduled retrain on the last 90 days of transactions'
    out.push({ model: 'fraud-detector', ts: at(day), version: `${i + 1}`, text, series: FRAUD_SERIES })
    const nextMajor = i + 1 < majors.length ? at(majors[i + 1]) : Infinity
    const firstMonday = mondayOnOrAfter(Math.floor(at(day) / DAY) + 1)
    for (let week = 1; ; week++) {
      const n = day * 100 + week // unique per (version, week)
      const weekday = Math.floor(uniform(seed, K_WEEKLY, n) * 5)
      const hour = 10 + Math.floor(uniform(seed, K_WEEKLY + 1, n) * 6)
      const ts = (firstMonday + 7 * (week - 1) + weekday) * DAY + hour * HOUR
      if (ts >= nextMajor || ts > asOf) break
      out.push({ model: 'fraud-detector', ts, version: `${i + 1}.${week}`, text: 'Weekly rules and threshold update (model weights unchanged)', series: QUALITY })
    }
  })
  return out
}

/** "20 min", "1 h", "1 h 45 min". */
function minutesText(ms: number): string {
  const minutes = Math.round(ms / MINUTE)
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `${m} min`
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}

function effectText(inc: Incident, over: boolean): string {
  if (inc.kind === 'down') return over ? `${inc.service} stopped answering; requests failed until it recovered.` : `${inc.service} is not answering; requests fail.`
  if (inc.kind === 'latency') return `${inc.service} p95 latency ${over ? 'rose' : 'is up'} ×${incidentLatencyFactor(inc).toFixed(1)}.`
  return `${inc.service} error rate ${over ? 'rose' : 'is up'} by ${incidentErrorBoost(inc).toFixed(1)} percentage points.`
}

/** An incident as it stands at time `asOf`: with its end once over, open ("ongoing") before. */
function incidentAnnotation(inc: Incident, asOf: number): DemoAnnotation {
  const over = inc.end <= asOf
  return {
    key: `incident:${inc.kind}:${inc.service}:${inc.start}`,
    kind: 'incident',
    ts: inc.start,
    endTs: over ? inc.end : null,
    title: `${inc.service} ${WHAT[inc.kind]} (${over ? minutesText(inc.end - inc.start) : 'ongoing'})`,
    text: effectText(inc, over),
    series: [...DIRECT[inc.kind], ...KNOCK_ON[inc.service][inc.kind]],
    labels: { service: inc.service }
  }
}

/**
 * The annotations whose state changes in [from, to): incidents that start or end in it and
 * deployments in it, each as it stands at the window's last millisecond (so nothing after `to`
 * is revealed: an incident still in progress has no end yet). Sorted by time, then key.
 */
export function demoAnnotationsBetween(seed: number, programmeStart: number, from: number, to: number): DemoAnnotation[] {
  if (!(to > from)) return []
  const asOf = to - 1
  const out: DemoAnnotation[] = []
  // Incidents last under a day, so one ending in the window started at most a day before it.
  for (let day = Math.floor(from / DAY) - 1; day <= Math.floor(asOf / DAY); day++) {
    for (const inc of incidentsOnDay(seed, day)) {
      const starts = inc.start >= from && inc.start < to
      const ends = inc.end >= from && inc.end < to
      if (starts || ends) out.push(incidentAnnotation(inc, asOf))
    }
  }
  for (const d of deploymentsUpTo(seed, programmeStart, asOf)) {
    const ts = d.ts
    if (ts < from || ts >= to) continue
    out.push({
      key: `deployment:${d.model}:${ts}`,
      kind: 'deployment',
      ts,
      endTs: null,
      title: `${d.model} v${d.version} deployed`,
      text: d.text,
      series: d.series,
      labels: { model: d.model }
    })
  }
  return out.sort((a, b) => a.ts - b.ts || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
