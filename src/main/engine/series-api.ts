// Contract requests over stored series: catalog, ranges, grouped ranges, latest values.
import type { VigilApi } from '@shared/api'
import type { QueryResult } from '@shared/types'
import type { MetricStore } from '../store/metric-store'
import { BadRequestError } from './errors'
import { MAX_BUCKETS, pickStep } from './pick-step'

/** Most lines one grouped query returns; more label values than this is a config mistake. */
export const MAX_GROUPS = 100

export interface SeriesApiDeps {
  store: MetricStore
}

type SeriesApi = Pick<VigilApi, 'listSeries' | 'queryRange' | 'latest' | 'queryGrouped'>

/** Resolves the bucket width and refuses queries that would return too many points. */
function checkedStep(from: number, to: number, step: number | undefined): number {
  const stepS = step ?? pickStep(from, to)
  const buckets = (to - from) / (stepS * 1000)
  if (buckets > MAX_BUCKETS) {
    throw new BadRequestError(
      `step ${stepS}s over ${Math.round((to - from) / 1000)}s gives ${Math.ceil(buckets)} points; the limit is ${MAX_BUCKETS} (use a larger step)`
    )
  }
  return stepS
}

/** Builds the series part of the API. */
export function createSeriesApi({ store }: SeriesApiDeps): SeriesApi {
  return {
    async listSeries({ match }) {
      return store.listSeries(match)
    },
    async queryRange({ series, labels, from, to, step, agg }) {
      const stepS = checkedStep(from, to, step)
      return store.queryRange({ series, labels, from, to, step: stepS, agg: agg ?? 'avg' })
    },
    async latest({ series, labels }) {
      return store.latest(series, labels)
    },
    async queryGrouped({ series, labels, by, from, to, step, agg }) {
      const stepS = checkedStep(from, to, step)
      const values = new Set<string>()
      for (const info of await store.listSeries(series)) {
        if (info.name !== series) continue
        if (labels && Object.entries(labels).some(([k, v]) => info.labels[k] !== v)) continue
        const value = info.labels[by]
        if (value !== undefined) values.add(value)
      }
      if (values.size > MAX_GROUPS) {
        throw new BadRequestError(`"${series}" has ${values.size} values of label "${by}"; at most ${MAX_GROUPS} lines can be drawn (filter with labels)`)
      }
      // One batched read for every line.
      const sorted = [...values].sort()
      const results = await store.queryRangeMany(
        sorted.map((value) => ({ series, labels: { ...labels, [by]: value }, from, to, step: stepS, agg: agg ?? 'avg' }))
      )
      let tier: QueryResult['tier']
      for (const r of results) tier = tier === undefined || tier === r.tier ? r.tier : 'mixed'
      return { series, by, groups: sorted.map((value, i) => ({ value, points: results[i].points })), tier }
    }
  }
}
