// listAnnotations / addAnnotation: annotations for charts and the events panel; additions are
// announced on the bus so every open chart redraws.
import type { Annotation } from '@shared/annotations'
import type { VigilApi } from '@shared/api'
import type { EventBus } from '../engine/event-bus'
import { BadRequestError, ReadOnlyError } from '../engine/errors'
import { checkAnnotation } from '../store/annotation-check'
import type { AnnotationInput, MetricStore } from '../store/metric-store'

export interface AnnotationsApiDeps {
  store: MetricStore
  bus: EventBus
  /** The engine clock (epoch ms), to recognise times sent in seconds. */
  now(): number
  /** Archive review mode: additions are refused. */
  readOnly: boolean
}

/** Source id of annotations added through the API (by a person or a script). */
export const USER_ANNOTATION_SOURCE = 'user'

/** Stores an annotation (from a source, the alert engine or a user) and emits the `annotation` event. */
export async function recordAnnotation(deps: Pick<AnnotationsApiDeps, 'store' | 'bus'>, input: AnnotationInput): Promise<Annotation> {
  const stored = await deps.store.addAnnotation(input)
  deps.bus.emit('annotation', stored)
  return stored
}

/** Builds the annotations part of the API. */
export function createAnnotationsApi(deps: AnnotationsApiDeps): Pick<VigilApi, 'listAnnotations' | 'addAnnotation'> {
  return {
    async listAnnotations({ from, to, kinds, limit }) {
      return deps.store.listAnnotations({ from, to, kinds, limit })
    },
    async addAnnotation(args) {
      if (deps.readOnly) throw new ReadOnlyError('this Vigil is read-only (archive review mode): annotations cannot be added')
      checkNotSeconds('ts', args.ts, deps.now())
      if (args.endTs != null) checkNotSeconds('endTs', args.endTs, deps.now())
      const input: AnnotationInput = {
        source: USER_ANNOTATION_SOURCE,
        kind: args.kind,
        ts: args.ts,
        endTs: args.endTs ?? null,
        title: args.title,
        text: args.text ?? null,
        series: args.series ?? [],
        labels: args.labels ?? {}
      }
      // What the store would refuse is the caller's mistake (400), not an engine failure.
      try {
        checkAnnotation(input)
      } catch (err) {
        throw new BadRequestError((err as Error).message)
      }
      return recordAnnotation(deps, input)
    }
  }
}

const TEN_YEARS_MS = 10 * 365.25 * 86_400_000

/**
 * Refuses a time that is plainly epoch seconds (a common script mistake: `date +%s`): it would
 * land in January 1970, while read as seconds it is within ten years of now.
 */
export function checkNotSeconds(name: string, value: number, now: number): void {
  const asMs = value * 1000
  if (Math.abs(value) < 1e11 && Math.abs(asMs - now) < TEN_YEARS_MS && Math.abs(value - now) > TEN_YEARS_MS) {
    throw new BadRequestError(`${name}: ${value} looks like epoch seconds; send epoch milliseconds (${Math.round(asMs)})`)
  }
}
