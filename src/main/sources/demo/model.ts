// The demo scenario as a pure function of (seed, t, programme start): every series of the
// AI-transformation programme at one instant. Back-fill, live polls and benchmarks all call it,
// so history and live data agree and restarts are seamless.
import type { IngestSample } from '@shared/types'
import { DAY } from './calendar'
import { demoEnv, type Emit } from './env'
import { emitBusiness } from './business'
import { emitAdoption } from './adoption'
import { emitProcesses } from './processes'
import { emitServices } from './services'
import { emitModels } from './models'
import { emitPipelines, EtlIncidentLedger } from './pipelines'

/** How long before the first start the programme began (so history shows the whole story). */
export const PROGRAMME_AGE_AT_FIRST_START = 120 * DAY

/** The programme start for a first start at `firstStart`: midnight UTC, 120 days earlier. */
export function defaultProgrammeStart(firstStart: number): number {
  return Math.floor(firstStart / DAY) * DAY - PROGRAMME_AGE_AT_FIRST_START
}

/** Values are rounded to 3 decimals: realistic-looking and compact in the store. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

export class DemoModel {
  private readonly ledger: EtlIncidentLedger

  constructor(
    readonly seed: number,
    readonly programmeStart: number
  ) {
    this.ledger = new EtlIncidentLedger(seed, programmeStart)
  }

  /** Every series at time t, appended to `out` (returned). */
  valuesAt(t: number, out: IngestSample[] = []): IngestSample[] {
    const env = demoEnv(this.seed, t, this.programmeStart)
    const emit: Emit = (name, labels, value, unit) => {
      const sample: IngestSample = { name, labels: { ...labels }, ts: t, value: round(value) }
      if (unit !== undefined) sample.unit = unit
      out.push(sample)
    }
    emitBusiness(env, emit)
    emitAdoption(env, emit)
    emitProcesses(env, emit)
    emitServices(env, emit)
    emitModels(env, emit)
    emitPipelines(env, emit, this.ledger, this.programmeStart)
    return out
  }
}

/** Every series of the demo scenario at time t (pure: same inputs, same samples). */
export function demoValuesAt(seed: number, t: number, programmeStart: number): IngestSample[] {
  return new DemoModel(seed, programmeStart).valuesAt(t)
}
