// The prometheus source: each poll runs the configured instant queries at the engine's "now";
// on first start it back-fills history with range queries. One failing query does not stop
// the others: their samples are written and the failure is reported as a warning.
import type { SourceConfigOf } from '@shared/config/schema'
import type { IngestSample } from '@shared/types'
import type { Source, SourceContext, SourceFactory } from '../source'
import { requestDeadline, type RequestDeadline } from '../common/request-deadline'
import { SecretStrings } from '../common/secret-strings'
import { toSeriesName } from '../common/series-name'
import { messageOf, sourceError, sourceTag } from '../common/source-error'
import { callPrometheus, type PromEndpoint } from './client'
import { instantResultToSamples, rangeResultToSamples, type ParsedResult, type SeriesNaming } from './parse-response'
import { rangeChunks } from './range-chunks'

type PrometheusConfig = SourceConfigOf<'prometheus'>
type QueryConfig = PrometheusConfig['queries'][number]

/** State key marking one query's back-fill as done (per query, so a query added later is back-filled too). */
export function backfillStateKey(query: string): string {
  return `backfill:${query}`
}

/** Creates a prometheus source from its config. */
export const createPrometheusSource: SourceFactory<PrometheusConfig> = (config, deps) => {
  const secrets = new SecretStrings(deps)
  const tag = sourceTag(config)
  const fallback = toSeriesName(`${config.id}_value`)
  const naming = (q: QueryConfig): SeriesNaming => ({ series: q.series, unit: q.unit, fallback })

  const endpoint = (signal: AbortSignal, deadline?: RequestDeadline): PromEndpoint => {
    try {
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(config.headers)) headers[name] = secrets.expandHeader(name, value)
      return { url: secrets.expand(config.url, 'url'), displayUrl: config.url, headers, maxBytes: config.max_bytes, signal, deadline }
    } catch (err) {
      throw sourceError(config, messageOf(err))
    }
  }

  /** Runs `fn` per query; reports failures as warnings, or throws if every query failed. */
  const eachQuery = async (ctx: SourceContext, queries: QueryConfig[], fn: (q: QueryConfig) => Promise<void>): Promise<void> => {
    const failures: string[] = []
    for (const q of queries) {
      try {
        await fn(q)
      } catch (err) {
        failures.push(secrets.scrub(`query ${JSON.stringify(q.query)}: ${messageOf(err)}`))
      }
    }
    if (failures.length > 0 && failures.length === queries.length) throw sourceError(config, failures.join('; '))
    for (const f of failures) ctx.warn(`${tag}: ${f}`)
  }

  const report = (ctx: SourceContext, q: QueryConfig, parsed: ParsedResult, warnings: string[]): void => {
    for (const p of [...parsed.problems, ...warnings.map((w) => `Prometheus warning: ${w}`)]) {
      ctx.warn(`${tag}: query ${JSON.stringify(q.query)}: ${p}`)
    }
  }

  const source: Source = {
    id: config.id,
    kind: config.kind,

    async backfill(ctx) {
      if (config.backfill <= 0 || config.backfill_step <= 0) return
      const pending: QueryConfig[] = []
      for (const q of config.queries) if (!(await ctx.state.get(backfillStateKey(q.query)))) pending.push(q)
      if (pending.length === 0) return
      const api = endpoint(ctx.signal)
      const end = ctx.now()
      const chunks = rangeChunks(end - config.backfill, end, config.backfill_step)
      await eachQuery(ctx, pending, async (q) => {
        for (const chunk of chunks) {
          // Back-fill runs without the poll timeout; each range request still gets one, so a hung server cannot stall the source.
          const { data, warnings } = await callPrometheus({ ...api, deadline: requestDeadline(config.timeout) }, '/api/v1/query_range', {
            query: q.query,
            start: seconds(chunk.start),
            end: seconds(chunk.end),
            step: seconds(config.backfill_step)
          })
          const parsed = rangeResultToSamples(data, naming(q))
          report(ctx, q, parsed, warnings)
          if (parsed.samples.length > 0) await ctx.write(parsed.samples)
        }
        await ctx.state.set(backfillStateKey(q.query), { done: true, until: end })
      })
    },

    async poll(ctx) {
      const api = endpoint(ctx.signal, requestDeadline(config.timeout))
      const time = seconds(ctx.now())
      const samples: IngestSample[] = []
      await eachQuery(ctx, config.queries, async (q) => {
        const { data, warnings } = await callPrometheus(api, '/api/v1/query', {
          query: q.query,
          time,
          timeout: `${Math.max(1, Math.floor(config.timeout / 1000))}s`
        })
        const parsed = instantResultToSamples(data, naming(q))
        report(ctx, q, parsed, warnings)
        samples.push(...parsed.samples)
      })
      // Reached when at least one query worked; the failures were reported as warnings.
      if (samples.length > 0) await ctx.write(samples)
    }
  }
  return source
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}
