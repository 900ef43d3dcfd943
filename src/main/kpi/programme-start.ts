// Where the programme started: a configured time, or the time a (demo) source recorded in its
// persistent state (source id, key "programme_start").
import type { VigilConfig } from '@shared/config/schema'
import type { MetricStore } from '../store/metric-store'
import { DEMO_STATE } from '../sources/demo/demo-source'
import { isStartRelative, resolveTimeExpression } from './time-expression'

export interface ProgrammeStart {
  /** Epoch ms, or null when unknown. */
  start: number | null
  /** Why it is unknown although configured (null when fine or not configured). */
  error: string | null
}

/** Resolves programme.start; a source's recorded start is remembered once read (it never changes). */
export class ProgrammeStartResolver {
  private readonly recorded = new Map<string, number>()

  constructor(private readonly store: MetricStore) {}

  /** The programme start under this config at `now`. */
  async resolve(config: VigilConfig, now: number): Promise<ProgrammeStart> {
    const start = config.programme.start
    if (start === undefined) return { start: null, error: null }
    if (typeof start === 'string') {
      if (isStartRelative(start)) return { start: null, error: `programme.start: "${start}" cannot be relative to the programme start itself` }
      try {
        return { start: resolveTimeExpression(start, { now, programmeStart: null }), error: null }
      } catch (err) {
        return { start: null, error: `programme.start: ${(err as Error).message}` }
      }
    }
    const id = start.source
    if (!config.sources.some((s) => s.id === id)) {
      return { start: null, error: `programme.start: there is no source "${id}" under sources:` }
    }
    const known = this.recorded.get(id)
    if (known !== undefined) return { start: known, error: null }
    const value = await this.store.getState<unknown>(id, DEMO_STATE.programmeStart)
    if (value === undefined || value === null) {
      return { start: null, error: `programme.start: source "${id}" has not recorded the programme start yet (it does on its first run)` }
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return { start: null, error: `programme.start: source "${id}" recorded ${JSON.stringify(value)} as the programme start, expected epoch milliseconds` }
    }
    this.recorded.set(id, value)
    return { start: value, error: null }
  }
}
