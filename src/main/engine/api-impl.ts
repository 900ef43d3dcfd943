// Implements every contract request by composing one part per feature.
import type { VigilApi } from '@shared/api'
import type { AppInfo, SourceHealth } from '@shared/types'
import type { MetricStore } from '../store/metric-store'
import { createSeriesApi } from './series-api'

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

type InfoApi = Pick<VigilApi, 'getAppInfo' | 'getHealth'>

function createInfoApi(deps: ApiDeps): InfoApi {
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
    }
  }
}

/** Builds the API implementation; arguments are already validated by the transport. */
export function createApi(deps: ApiDeps, parts: Omit<VigilApi, keyof InfoApi | keyof ReturnType<typeof createSeriesApi>>): VigilApi {
  return { ...createInfoApi(deps), ...createSeriesApi(deps), ...parts }
}
