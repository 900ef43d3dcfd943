// Data pipeline series: lag, volume and a cumulative error counter. The pipelines run on the
// ETL service, so its incidents show here: an outage stops the flow and the lag grows.
import { DAY, HOUR } from './calendar'
import { clamp } from './curves'
import type { DemoEnv, Emit } from './env'
import { incidentsOnDay, type Incident } from './incidents'
import { noiseKey, uniform, wander } from './noise'

interface PipelineSpec {
  labels: { pipeline: string }
  lagSeconds: number
  recordsPerMinute: number
  /** Share of the flow that follows office hours (the rest is constant). */
  officeShare: number
  /** Background errors per hour. */
  errorsPerHour: number
  /** Share of the ETL incident errors that land in this pipeline. */
  incidentShare: number
  key: number
}

const PIPELINES: PipelineSpec[] = [
  { labels: { pipeline: 'crm-sync' }, lagSeconds: 90, recordsPerMinute: 800, officeShare: 1, errorsPerHour: 0.8, incidentShare: 1 },
  { labels: { pipeline: 'transactions' }, lagSeconds: 4, recordsPerMinute: 9000, officeShare: 0.5, errorsPerHour: 0.3, incidentShare: 1.5 },
  { labels: { pipeline: 'tickets' }, lagSeconds: 25, recordsPerMinute: 150, officeShare: 1, errorsPerHour: 0.5, incidentShare: 0.7 }
].map((p, i) => ({ ...p, key: noiseKey('pipeline', i) }))

const DAILY = (2 * Math.PI) / 24

/** Errors per hour an ETL incident adds while it lasts (latency incidents add none). */
function incidentErrorRate(inc: Incident): number {
  if (inc.service !== 'etl') return 0
  if (inc.kind === 'down') return 240
  if (inc.kind === 'errors') return 40 + 200 * inc.severity
  return 0
}

/**
 * Errors added by ETL incidents between the programme start and t. Whole days are summed once
 * and memoised (a cache of a pure function: results do not depend on the order of calls).
 */
export class EtlIncidentLedger {
  private readonly startDay: number
  /** fullDays[i]: errors of incidents starting on days startDay … startDay+i−1, counted in full. */
  private readonly fullDays: number[] = [0]

  constructor(
    private readonly seed: number,
    private readonly programmeStart: number
  ) {
    this.startDay = Math.floor(programmeStart / DAY)
  }

  private contribution(inc: Incident, t: number): number {
    if (inc.start < this.programmeStart) return 0
    return (incidentErrorRate(inc) * clamp(t - inc.start, 0, inc.end - inc.start)) / HOUR
  }

  private sumOfDays(count: number): number {
    while (this.fullDays.length <= count) {
      const day = this.startDay + this.fullDays.length - 1
      let sum = 0
      for (const inc of incidentsOnDay(this.seed, day)) sum += this.contribution(inc, Infinity)
      this.fullDays.push(this.fullDays[this.fullDays.length - 1] + sum)
    }
    return this.fullDays[count]
  }

  /** Incident errors accumulated up to t. */
  errorsUntil(t: number): number {
    if (t <= this.programmeStart) return 0
    const day = Math.floor(t / DAY)
    // Incidents last less than a day: those from before yesterday are over; add yesterday's and today's as far as t.
    let total = this.sumOfDays(Math.max(0, day - 1 - this.startDay))
    for (const d of [day - 1, day]) {
      if (d < this.startDay) continue
      for (const inc of incidentsOnDay(this.seed, d)) total += this.contribution(inc, t)
    }
    return total
  }
}

/** Emits the pipeline series at one instant. */
export function emitPipelines(env: DemoEnv, emit: Emit, ledger: EtlIncidentLedger, programmeStart: number): void {
  const { seed, t } = env
  const etl = env.services.etl
  const hours = Math.max(0, (t - programmeStart) / HOUR)
  const incidentErrors = ledger.errorsUntil(t)
  for (const p of PIPELINES) {
    const slow = etl.latencyFactor
    const lag = p.lagSeconds * (0.8 + 0.4 * env.activity) * (1 + 0.15 * wander(seed, p.key, t)) * slow + etl.downForMs / 1000
    emit('pipeline_lag_seconds', p.labels, Math.max(0, lag), 's')
    const flow = 1 - p.officeShare + p.officeShare * env.load
    const records = etl.down ? 0 : p.recordsPerMinute * flow * (1 + 0.05 * wander(seed, p.key ^ 0x2545f491, t))
    emit('pipeline_records_per_minute', p.labels, Math.max(0, records), 'records/min')
    // Background errors wave through the day; x + (a/ω)·sin(ωx + φ) with a < 1 never decreases, so the counter is monotonic.
    const phase = 2 * Math.PI * uniform(seed, p.key, 0)
    const background = p.errorsPerHour * (hours + (0.6 / DAILY) * (Math.sin(DAILY * hours + phase) - Math.sin(phase)))
    emit('pipeline_errors_total', p.labels, Math.floor(background + p.incidentShare * incidentErrors), 'errors')
  }
}
