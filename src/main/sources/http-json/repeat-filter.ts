// An API polled every 15 s often serves the same timestamped points for hours (a daily figure,
// the last 10 orders). The store appends whatever it is given, so writing them again each poll
// would multiply counts and sums. This drops points already written by the previous poll and
// exact repeats within one response, and reports one series having two values at one time.
import type { IngestSample } from '@shared/types'

export interface FilteredSamples {
  samples: IngestSample[]
  /** e.g. `series revenue{region="eu"} has 2 values at 2024-05-01T10:00:00.000Z (5 and 9); kept the first`. */
  problems: string[]
}

/** Identity of a series (name + sorted labels). */
function seriesKey(s: IngestSample): string {
  const labels = Object.keys(s.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
  return `${s.name}{${labels.join(',')}}`
}

/** Remembers the timestamped points of the last poll; `timestamped` says which samples carry a time from the response. */
export class RepeatFilter {
  private previous = new Map<string, number>()

  /** The samples worth writing now; call `commit` with the indexes (in `samples` of the result) the store rejected once they are written. */
  filter(samples: IngestSample[], timestamped: (s: IngestSample) => boolean): FilteredSamples & { commit(rejected: number[]): void } {
    const seen = new Map<string, number>()
    const out: IngestSample[] = []
    const outKeys: Array<string | null> = []
    const problems: string[] = []
    for (const s of samples) {
      if (!timestamped(s)) {
        out.push(s)
        outKeys.push(null)
        continue
      }
      const key = `${seriesKey(s)}@${s.ts}`
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        if (!Object.is(earlier, s.value)) {
          problems.push(`series ${seriesKey(s)} has 2 values at ${new Date(s.ts).toISOString()} (${earlier} and ${s.value}); kept the first`)
        }
        continue
      }
      seen.set(key, s.value)
      if (this.previous.get(key) === s.value) continue
      out.push(s)
      outKeys.push(key)
    }
    return {
      samples: out,
      problems,
      commit: (rejected) => {
        // A point the store refused was not written: it is reported again next time, not skipped.
        for (const i of rejected) {
          const key = outKeys[i]
          if (key) seen.delete(key)
        }
        this.previous = seen
      }
    }
  }
}
