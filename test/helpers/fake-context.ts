// An in-memory SourceContext for source tests: validates samples the way the store does
// (finite values, integer ms timestamps, valid names), keeps warnings, state and annotations
// (upserted by key like the store), and can be told to fail a write (to prove a source only
// advances its cursor after a durable write).
import type { IngestSample, Labels } from '@shared/types'
import type { SourceContext } from '../../src/main/sources/source'
import type { AnnotationInput, AppendResult, RejectedSample } from '../../src/main/store/metric-store'

/** An annotation as a source sent it (without the source id, which the scheduler adds). */
export type SourceAnnotation = Omit<AnnotationInput, 'source'>

const SERIES_NAME = /^[A-Za-z_:][A-Za-z0-9_:.]*$/
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface FakeContext extends SourceContext {
  /** Samples accepted so far, across runs. */
  readonly samples: IngestSample[]
  /** Samples rejected so far, with reasons. */
  readonly rejected: Array<RejectedSample & { sample: IngestSample }>
  readonly warnings: string[]
  /** Annotations recorded so far, across runs; a re-sent key replaces the earlier one in place. */
  readonly annotations: SourceAnnotation[]
  /** Number of annotate calls (including ones that replaced an earlier key). */
  annotateCalls: number
  /** The persistent state, as stored (JSON round-tripped). */
  readonly stateMap: Map<string, unknown>
  readonly controller: AbortController
  /** Number of write calls that resolved. */
  writes: number
  /** The next write rejects with this error and keeps nothing. */
  failNextWrite(error: Error): void
  /** A fresh run: new signal and warnings, same samples and state (like the scheduler's next poll). */
  nextRun(): FakeContext
  /** Samples of one series, optionally restricted to matching labels. */
  series(name: string, labels?: Labels): IngestSample[]
}

export interface FakeContextOptions {
  now?: () => number
  /** Labels added to every sample, like a source's config labels. */
  labels?: Labels
}

/** Why the store would refuse a sample, or null if it is fine. */
export function sampleProblem(s: IngestSample): string | null {
  if (typeof s.name !== 'string' || !SERIES_NAME.test(s.name)) return `invalid series name ${JSON.stringify(s.name)}`
  if (typeof s.value !== 'number' || !Number.isFinite(s.value)) return `value ${String(s.value)} is not a finite number`
  if (!Number.isSafeInteger(s.ts) || s.ts < 0) return `timestamp ${String(s.ts)} is not an integer epoch ms`
  for (const [k, v] of Object.entries(s.labels ?? {})) {
    if (!LABEL_NAME.test(k)) return `invalid label name ${JSON.stringify(k)}`
    if (typeof v !== 'string') return `label ${k} is not a string`
  }
  return null
}

/** Creates a fake context; its `nextRun()` shares samples and state. */
export function createFakeContext(options: FakeContextOptions = {}): FakeContext {
  const shared = {
    samples: [] as IngestSample[],
    rejected: [] as Array<RejectedSample & { sample: IngestSample }>,
    stateMap: new Map<string, unknown>(),
    annotations: [] as SourceAnnotation[],
    annotateCalls: 0,
    failure: null as Error | null,
    writes: 0
  }
  const makeRun = (): FakeContext => {
    const controller = new AbortController()
    const warnings: string[] = []
    const run: FakeContext = {
      signal: controller.signal,
      controller,
      warnings,
      samples: shared.samples,
      rejected: shared.rejected,
      stateMap: shared.stateMap,
      annotations: shared.annotations,
      get annotateCalls() {
        return shared.annotateCalls
      },
      set annotateCalls(n: number) {
        shared.annotateCalls = n
      },
      get writes() {
        return shared.writes
      },
      set writes(n: number) {
        shared.writes = n
      },
      now: options.now ?? (() => Date.now()),
      warn: (message) => {
        warnings.push(message)
      },
      async write(samples): Promise<AppendResult> {
        await Promise.resolve()
        if (shared.failure) {
          const err = shared.failure
          shared.failure = null
          throw err
        }
        const result: AppendResult = { accepted: 0, rejected: [] }
        samples.forEach((sample, index) => {
          const withLabels = { ...sample, labels: { ...sample.labels, ...options.labels } }
          const problem = sampleProblem(withLabels)
          if (problem) {
            result.rejected.push({ index, reason: problem })
            shared.rejected.push({ index, reason: problem, sample: withLabels })
          } else {
            result.accepted++
            shared.samples.push(withLabels)
          }
        })
        shared.writes++
        return result
      },
      async annotate(a): Promise<void> {
        await Promise.resolve()
        shared.annotateCalls++
        const copy: SourceAnnotation = JSON.parse(JSON.stringify(a))
        const at = a.key === undefined ? -1 : shared.annotations.findIndex((x) => x.key === a.key)
        if (at === -1) shared.annotations.push(copy)
        else shared.annotations[at] = copy
      },
      state: {
        async get<T>(key: string): Promise<T | undefined> {
          const raw = shared.stateMap.get(key)
          return raw === undefined ? undefined : (JSON.parse(JSON.stringify(raw)) as T)
        },
        async set(key: string, value: unknown): Promise<void> {
          shared.stateMap.set(key, JSON.parse(JSON.stringify(value)))
        }
      },
      failNextWrite: (error) => {
        shared.failure = error
      },
      nextRun: makeRun,
      series: (name, labels) =>
        shared.samples.filter(
          (s) => s.name === name && Object.entries(labels ?? {}).every(([k, v]) => s.labels[k] === v)
        )
    }
    return run
  }
  return makeRun()
}
