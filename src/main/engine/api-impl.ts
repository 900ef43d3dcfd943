// Implements every contract request over the store and the source health.
import type { VigilApi } from '@shared/api'
import type { AppInfo, SourceHealth } from '@shared/types'
import type { MetricStore } from '../store/metric-store'
import { BadRequestError } from './errors'
import { MAX_BUCKETS, pickStep } from './pick-step'

export interface ApiDeps {
  store: MetricStore
  version: string
  mode: AppInfo['mode']
  dataDir: string | null
  configPath(): string | null
  configError(): string | null
  sourceHealth(): SourceHealth[]
  now(): number
}

/** Builds the API implementation; arguments are already validated by the transport. */
export function createApi(deps: ApiDeps): VigilApi {
  return {
    async getAppInfo() {
      return {
        version: deps.version,
        mode: deps.mode,
        configPath: deps.configPath(),
        configError: deps.configError(),
        dataDir: deps.dataDir,
        now: deps.now()
      }
    },
    async getHealth() {
      return { status: 'ok', version: deps.version, sources: deps.sourceHealth() }
    },
    async listSeries({ match }) {
      return deps.store.listSeries(match)
    },
    async queryRange({ series, labels, from, to, step, agg }) {
      const stepS = step ?? pickStep(from, to)
      const buckets = (to - from) / (stepS * 1000)
      if (buckets > MAX_BUCKETS) {
        throw new BadRequestError(
          `step ${stepS}s over ${Math.round((to - from) / 1000)}s gives ${Math.ceil(buckets)} points; the limit is ${MAX_BUCKETS} (use a larger step)`
        )
      }
      return deps.store.queryRange({ series, labels, from, to, step: stepS, agg: agg ?? 'avg' })
    },
    async latest({ series, labels }) {
      return deps.store.latest(series, labels)
    }
  }
}
