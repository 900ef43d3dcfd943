// Everything the series of one instant share: where the programme stands, the time of day,
// the load, which incidents are in progress. Built once per timestamp.
import type { Labels } from '@shared/types'
import { activity, hourOfDay, DAY, MEAN_ACTIVITY } from './calendar'
import { clamp, ramp } from './curves'
import { activeIncidents, DEMO_SERVICES, type DemoService, type Incident } from './incidents'

export interface ServiceCondition {
  down: boolean
  /** How long the outage has lasted, in ms (0 when up). */
  downForMs: number
  /** ≥ 1: latency multiplier during a latency incident. */
  latencyFactor: number
  /** Percentage points added to the error rate during an error burst. */
  errorBoost: number
}

export interface DemoEnv {
  seed: number
  t: number
  /** Days since the programme started (negative before it). */
  day: number
  /** max(0, day): programme curves stand still before the start. */
  p: number
  hour: number
  /** Office activity 0..1 (1 = weekday peak). */
  activity: number
  /** Activity normalised to a weekly mean of 1. */
  load: number
  /** Programme adoption ramp 0..1 (half-way around day 50). */
  adoption: number
  services: Record<DemoService, ServiceCondition>
  /** Fraud model drift: 0 fresh, ~1 badly drifted; falls back to 0 at each retrain. */
  fraudDrift: number
}

/** Writes one sample of the scenario. */
export type Emit = (name: string, labels: Labels, value: number, unit?: string) => void

/** The fraud model is deployed on day 30, first retrained on day 150, then every 90 days. */
export function fraudModelAge(p: number): number {
  if (p < 30) return 0
  if (p < 150) return p - 30
  return (p - 150) % 90
}

/** Drift grows from 30 days after a (re)training. */
export function fraudDrift(p: number): number {
  return clamp((fraudModelAge(p) - 30) / 60, 0, 1.4) ** 1.3
}

/** Latency multiplier of a latency incident. */
export function incidentLatencyFactor(inc: Incident): number {
  return 2.5 + 4 * inc.severity
}

/** Percentage points an error burst adds to the error rate. */
export function incidentErrorBoost(inc: Incident): number {
  return 4 + 14 * inc.severity
}

/** The shared state of the scenario at time t. */
export function demoEnv(seed: number, t: number, programmeStart: number): DemoEnv {
  const day = (t - programmeStart) / DAY
  const p = Math.max(0, day)
  const act = activity(t)
  const services = {} as Record<DemoService, ServiceCondition>
  for (const s of DEMO_SERVICES) services[s] = { down: false, downForMs: 0, latencyFactor: 1, errorBoost: 0 }
  for (const inc of activeIncidents(seed, t)) {
    const c = services[inc.service]
    if (inc.kind === 'down') {
      c.down = true
      c.downForMs = t - inc.start
    } else if (inc.kind === 'latency') c.latencyFactor = Math.max(c.latencyFactor, incidentLatencyFactor(inc))
    else c.errorBoost = Math.max(c.errorBoost, incidentErrorBoost(inc))
  }
  return {
    seed,
    t,
    day,
    p,
    hour: hourOfDay(t),
    activity: act,
    load: act / MEAN_ACTIVITY,
    adoption: ramp(p, 50, 12),
    services,
    fraudDrift: fraudDrift(p)
  }
}
