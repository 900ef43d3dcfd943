// The http-json source: one HTTP request per poll, JSONPath-mapped into samples.
import type { SourceConfigOf } from '@shared/config/schema'
import type { Source, SourceFactory } from '../source'
import { fetchLimited, httpStatusError, safeDisplayUrl } from '../common/fetch-limited'
import { decodeUtf8 } from '../common/decode-utf8'
import { parseJson } from '../common/parse-json'
import { requestDeadline } from '../common/request-deadline'
import { SecretStrings } from '../common/secret-strings'
import { messageOf, sourceError, sourceTag } from '../common/source-error'
import { mapMetrics } from './map-metrics'
import { RepeatFilter } from './repeat-filter'

type HttpJsonConfig = SourceConfigOf<'http-json'>

/** Creates an http-json source from its config. */
export const createHttpJsonSource: SourceFactory<HttpJsonConfig> = (config, deps) => {
  const secrets = new SecretStrings(deps)
  const tag = sourceTag(config)
  const fail = (err: unknown): Error => sourceError(config, secrets.scrub(messageOf(err)))

  const request = (): { url: string; headers: Record<string, string>; body?: string } => {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(config.headers)) headers[name] = secrets.expandHeader(name, value)
    const body = config.body === undefined ? undefined : secrets.expand(config.body, 'body')
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json'
    }
    return { url: secrets.expand(config.url, 'url'), headers, body }
  }

  // Series whose samples take their time from the response (the others are stamped with the poll time).
  const timestampedSeries = new Set(config.metrics.filter((m) => m.timestamp_path !== undefined).map((m) => m.series))
  const repeats = new RepeatFilter()

  const source: Source = {
    id: config.id,
    kind: config.kind,
    async poll(ctx) {
      let json: unknown
      try {
        const { url, headers, body } = request()
        const res = await fetchLimited({
          url,
          displayUrl: config.url,
          method: config.method,
          headers,
          body,
          signal: ctx.signal,
          maxBytes: config.max_bytes,
          deadline: requestDeadline(config.timeout)
        })
        if (res.status < 200 || res.status > 299) throw httpStatusError(res, config.url)
        const type = res.contentType && !/json/i.test(res.contentType) ? ` (content-type ${res.contentType})` : ''
        const what = `the response from ${safeDisplayUrl(config.url)}${type}`
        json = parseJson(decodeUtf8(res.body, what), what)
      } catch (err) {
        throw fail(err)
      }
      const mapped = mapMetrics(json, config.metrics, ctx.now())
      for (const problem of mapped.problems) ctx.warn(`${tag}: ${problem}`)
      const fresh = repeats.filter(mapped.samples, (sample) => timestampedSeries.has(sample.name))
      for (const problem of fresh.problems) ctx.warn(`${tag}: ${problem}`)
      const written = fresh.samples.length > 0 ? await ctx.write(fresh.samples) : { rejected: [] }
      fresh.commit(written.rejected.map((r) => r.index))
    }
  }
  return source
}
