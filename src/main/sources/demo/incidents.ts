// Deterministic incidents: each UTC day, from the seed alone, decides whether a latency spike,
// an outage (20 minutes down) or an error burst happens, to which service, when and how bad.
import { DAY, MINUTE } from './calendar'
import { noiseKey, uniform } from './noise'

export const DEMO_SERVICES = ['assistant-api', 'fraud-scoring', 'vector-db', 'etl'] as const
export type DemoService = (typeof DEMO_SERVICES)[number]

export type IncidentKind = 'latency' | 'down' | 'errors'

export interface Incident {
  kind: IncidentKind
  service: DemoService
  /** Epoch ms. */
  start: number
  /** Epoch ms, exclusive. */
  end: number
  /** 0..1: how bad (latency multiplier, error rate). */
  severity: number
}

interface KindRule {
  kind: IncidentKind
  /** Chance per day. */
  chance: number
  minMinutes: number
  maxMinutes: number
}

const RULES: KindRule[] = [
  { kind: 'latency', chance: 0.1, minMinutes: 30, maxMinutes: 120 },
  { kind: 'down', chance: 0.06, minMinutes: 20, maxMinutes: 20 },
  { kind: 'errors', chance: 0.08, minMinutes: 10, maxMinutes: 45 }
]

const KEYS = RULES.map((r) => noiseKey(`incident:${r.kind}`))

/** The incidents starting on UTC day `dayIndex` (days since the epoch). */
export function incidentsOnDay(seed: number, dayIndex: number): Incident[] {
  const out: Incident[] = []
  RULES.forEach((rule, i) => {
    const key = KEYS[i]
    if (uniform(seed, key, dayIndex) >= rule.chance) return
    const service = DEMO_SERVICES[Math.floor(uniform(seed, key + 1, dayIndex) * DEMO_SERVICES.length)]
    const startMinute = Math.floor(uniform(seed, key + 2, dayIndex) * 24 * 60)
    const minutes = rule.minMinutes + Math.floor(uniform(seed, key + 3, dayIndex) * (rule.maxMinutes - rule.minMinutes + 1))
    const start = dayIndex * DAY + startMinute * MINUTE
    out.push({ kind: rule.kind, service, start, end: start + minutes * MINUTE, severity: uniform(seed, key + 4, dayIndex) })
  })
  return out
}

/** Incidents in progress at time t (incidents last under a day, so only today's and yesterday's can be). */
export function activeIncidents(seed: number, t: number): Incident[] {
  const day = Math.floor(t / DAY)
  const active: Incident[] = []
  for (const inc of [...incidentsOnDay(seed, day - 1), ...incidentsOnDay(seed, day)]) {
    if (inc.start <= t && t < inc.end) active.push(inc)
  }
  return active
}
