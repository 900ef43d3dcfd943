// Decides whether the wallboard shows stale data, and since when. Two causes:
// - the engine: the push-event stream is down AND a health request cannot reach the engine
//   (either alone can be a proxy hiccup; both mean nothing on screen is being updated);
// - a source: it has not succeeded for longer than `staleAfterMs` and is not merely waiting
//   for its next scheduled poll (an hourly source is not stale 59 minutes after its last poll).
//   A push source has no schedule, so silence alone proves nothing (deployment events may come
//   once a week): it counts only while its writes are failing.
import type { SourceHealth } from '@shared/types'

export interface EngineStatus {
  /** The engine cannot be reached (event stream down and the health probe failed). */
  down: boolean
  /** When contact was lost (epoch ms); null while connected. */
  lostAt: number | null
}

export interface StaleSource {
  id: string
  /** Last successful poll or write (epoch ms). */
  since: number
  state: SourceHealth['state']
  lastError: string | null
}

export interface Staleness {
  stale: boolean
  /** The oldest moment from which data on screen may be missing; null when not stale. */
  since: number | null
  engineDown: boolean
  sources: StaleSource[]
}

export interface StaleInput {
  now: number
  staleAfterMs: number
  engine: EngineStatus
  /** Source health as last known; null before the first answer. */
  sources: readonly SourceHealth[] | null
}

/**
 * True when the source has delivered before but not for longer than staleAfterMs, and is not
 * an ok source whose next poll is still (nearly) ahead, nor a quiet push source. Sources that
 * never succeeded have put nothing on screen that could be stale; the source health panel
 * shows their state.
 */
export function isSourceStale(source: SourceHealth, now: number, staleAfterMs: number): boolean {
  if (source.lastSuccessAt === null || !Number.isFinite(source.lastSuccessAt)) return false
  if (now - source.lastSuccessAt <= staleAfterMs) return false
  const nextRunAt = source.nextRunAt ?? null
  if (nextRunAt === null) return source.state === 'error'
  const onSchedule = source.state === 'ok' && now < nextRunAt + staleAfterMs
  return !onSchedule
}

/** The staleness verdict for the banner. */
export function detectStaleness({ now, staleAfterMs, engine, sources }: StaleInput): Staleness {
  if (engine.down) {
    // Source health is as old as the connection; listing its sources would only repeat the cause.
    const since = engine.lostAt ?? now
    return { stale: true, since, engineDown: true, sources: [] }
  }
  const stale: StaleSource[] = (sources ?? [])
    .filter((s) => isSourceStale(s, now, staleAfterMs))
    .map((s) => ({ id: s.id, since: s.lastSuccessAt as number, state: s.state, lastError: s.lastError }))
    .sort((a, b) => a.since - b.since)
  if (stale.length === 0) return { stale: false, since: null, engineDown: false, sources: [] }
  return { stale: true, since: stale[0].since, engineDown: false, sources: stale }
}
