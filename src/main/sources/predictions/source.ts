// The `predictions` source: model outputs (prediction, score, late label, latency, features) for
// model quality and drift. format csv reads a file or glob incrementally (like the csv source);
// format http-json polls a URL for an array of records. Records go to the predictions store, and
// each batch adds model_predictions_total / model_latency_ms samples (see summary-samples.ts).
import type { SourceConfigOf } from '@shared/config/schema'
import type { Source, SourceContext, SourceFactory } from '../source'
import { displayName, listCsvFiles } from '../csv/list-files'
import { PollFailure } from '../csv/import-file'
import { fetchLimited, httpStatusError, safeDisplayUrl } from '../common/fetch-limited'
import { decodeUtf8 } from '../common/decode-utf8'
import { parseJson } from '../common/parse-json'
import { requestDeadline } from '../common/request-deadline'
import { SecretStrings } from '../common/secret-strings'
import { messageOf, sourceError, sourceTag, throwIfAborted } from '../common/source-error'
import { queryJson } from '../http-json/json-path'
import { importPredictionsCsv } from './csv-import'
import { mapRecord, type MappedRecord, type RecordMapping } from './map-record'
import { writeRecords } from './write-records'

type PredictionsConfig = SourceConfigOf<'predictions'>

/** State key: newest timestamp taken from the URL among records without an id (http-json). */
export const CURSOR_KEY = 'http_cursor'
/** Problems reported per poll; the rest are counted. */
const MAX_PROBLEMS = 10

/** The record mapping a config describes. */
export function mappingOf(config: PredictionsConfig): RecordMapping {
  return {
    fields: config.fields,
    model: config.model,
    features: config.features,
    featurePrefix: config.feature_prefix,
    categorical: config.categorical,
    threshold: config.threshold
  }
}

/** Creates a predictions source from its config. */
export const createPredictionsSource: SourceFactory<PredictionsConfig> = (config, deps) => {
  const secrets = new SecretStrings(deps)
  const tag = sourceTag(config)
  const mapping = mappingOf(config)

  const pollCsv = async (ctx: SourceContext): Promise<void> => {
    let files: string[]
    try {
      files = await listCsvFiles(secrets.expand(config.path ?? '', 'path'), deps.configDir)
    } catch (err) {
      throw sourceError(config, messageOf(err))
    }
    const failures: string[] = []
    for (const file of files) {
      const name = displayName(file, deps.configDir)
      try {
        throwIfAborted(ctx.signal, 'the import')
        await importPredictionsCsv(file, name, mapping, config.delimiter, ctx, (message) => ctx.warn(`${tag}: ${message}`))
      } catch (err) {
        if (err instanceof PollFailure || ctx.signal.aborted) throw sourceError(config, messageOf(err), err)
        failures.push(`${name}: ${messageOf(err)}`)
      }
    }
    if (failures.length > 0 && failures.length === files.length) throw sourceError(config, failures.join('; '))
    for (const f of failures) ctx.warn(`${tag}: ${f}`)
  }

  const fetchRecords = async (ctx: SourceContext): Promise<unknown[]> => {
    let json: unknown
    try {
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(config.headers)) headers[name] = secrets.expandHeader(name, value)
      const body = config.body === undefined ? undefined : secrets.expand(config.body, 'body')
      if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
      const url = config.url ?? ''
      const res = await fetchLimited({
        url: secrets.expand(url, 'url'),
        displayUrl: url,
        method: config.method,
        headers,
        body,
        signal: ctx.signal,
        maxBytes: config.max_bytes,
        deadline: requestDeadline(config.timeout)
      })
      if (res.status < 200 || res.status > 299) throw httpStatusError(res, url)
      const what = `the response from ${safeDisplayUrl(url)}`
      json = parseJson(decodeUtf8(res.body, what), what)
    } catch (err) {
      throw sourceError(config, secrets.scrub(messageOf(err)))
    }
    let matches
    try {
      matches = queryJson(json, config.items)
    } catch (err) {
      throw sourceError(config, messageOf(err))
    }
    // "$.data" naming the array itself, or "$.data[*]" naming its elements: both give the records.
    if (matches.length === 1 && Array.isArray(matches[0].value)) return matches[0].value
    if (matches.length === 0) throw sourceError(config, `the response has nothing at ${config.items} (expected an array of prediction records)`)
    if (matches.length === 1 && !isObject(matches[0].value)) {
      throw sourceError(config, `${matches[0].path} is not an array of prediction records (items: ${config.items})`)
    }
    return matches.map((m) => m.value)
  }

  const pollHttp = async (ctx: SourceContext): Promise<void> => {
    const raw = await fetchRecords(ctx)
    const cursor = (await ctx.state.get<number>(CURSOR_KEY)) ?? -Infinity
    const now = ctx.now()
    const mapped: MappedRecord[] = []
    let problems = 0
    let newest = cursor
    raw.forEach((item, index) => {
      const m = mapRecord(item, mapping, { json: true, fallbackTs: now })
      if (m.kind === 'problem') {
        if (++problems <= MAX_PROBLEMS) ctx.warn(`${tag}: ${config.items}[${index}].${m.field} ${m.reason}; record skipped`)
        return
      }
      if (m.kind === 'prediction' && (m.record.id === undefined || m.record.id === null)) {
        // Without an id a record cannot be recognised when served again: take only those newer than any taken before.
        if (m.record.ts <= cursor) return
        if (m.record.ts > newest) newest = m.record.ts
      }
      mapped.push(m)
    })
    if (problems > MAX_PROBLEMS) ctx.warn(`${tag}: ${problems - MAX_PROBLEMS} more bad records not shown`)
    if (mapped.length > 0) await writeRecords(ctx, mapped, tag)
    if (newest > cursor) await ctx.state.set(CURSOR_KEY, newest)
  }

  return {
    id: config.id,
    kind: config.kind,
    poll: (ctx) => (config.format === 'csv' ? pollCsv(ctx) : pollHttp(ctx))
  } satisfies Source
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
