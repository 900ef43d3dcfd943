// POST /api/write: InfluxDB line protocol in, durable samples out.
//
// 204 when every line was stored; otherwise 400 with each bad line's number and reason and the
// number of samples that were stored anyway (valid lines of a request are always kept); 507 (disk
// full) or 503 (data folder read-only) with the store's message when nothing could be stored.
import type { FastifyInstance } from 'fastify'
import type { ApiErrorBody } from '@shared/api'
import type { Engine } from '../engine/types'
import { DEFAULT_MAX_ERRORS, parseLineProtocol, PRECISIONS, type LineProtocolError, type Precision } from '../ingest/line-protocol'
import { sendApiError } from './api-errors'
import { single } from './query-params'

/** Most line errors listed in one response; `errorCount` gives the total. */
export const MAX_LISTED_ERRORS = 100

/** Retry-After (seconds) sent with 507/503 when the store cannot write. */
const STORAGE_RETRY_AFTER_S = 5

/**
 * 507 Insufficient Storage when the store's disk is full, 503 when its data folder is read-only or
 * DuckDB is being reopened; null for other errors. Recognised by name and `problem` (the store's
 * StorageError), as api-errors.ts recognises engine errors, so the server imports no store internals.
 */
export function storageStatus(err: unknown): 507 | 503 | null {
  if (!(err instanceof Error) || err.name !== 'StorageError') return null
  return (err as Error & { problem?: string }).problem === 'disk_full' ? 507 : 503
}

export interface WriteErrorBody extends ApiErrorBody {
  errors: LineProtocolError[]
  errorCount: number
  accepted: number
}

/** Registers POST /write (under /api) in its own scope: any content type is read as text. */
export async function registerWriteRoute(app: FastifyInstance, opts: { engine: Engine; now: () => number }): Promise<void> {
  const { engine } = opts
  const bodyLimit = engine.maxPushBodyBytes

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body))

  // Refuse before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    if (engine.readOnly) {
      return sendApiError(reply, 403, 'read_only', 'this Vigil is read-only (archive review mode); writes are refused')
    }
    const encoding = request.headers['content-encoding']
    if (encoding !== undefined && encoding !== 'identity') {
      return sendApiError(reply, 415, 'bad_request', `content-encoding "${encoding}" is not supported; send the body uncompressed`)
    }
  })

  app.post('/write', { bodyLimit }, async (request, reply) => {
    const query = request.query as Record<string, string | string[] | undefined>
    const precisionText = single(query, 'precision') ?? 'ns'
    if (!(PRECISIONS as readonly string[]).includes(precisionText)) {
      return sendApiError(reply, 400, 'bad_request', `query parameter "precision": ${JSON.stringify(precisionText)} is not one of ${PRECISIONS.join(', ')}`)
    }
    const body = typeof request.body === 'string' ? request.body : ''
    const parsed = parseLineProtocol(body, precisionText as Precision, opts.now())

    let accepted = 0
    const errors = parsed.errors
    let errorCount = parsed.errorCount
    if (parsed.samples.length > 0) {
      let result: Awaited<ReturnType<Engine['push']>>
      try {
        result = await engine.push(parsed.samples)
      } catch (err) {
        const storage = storageStatus(err)
        if (storage === null) throw err
        // Nothing of this request was stored: the client keeps the batch and retries later.
        reply.header('retry-after', String(STORAGE_RETRY_AFTER_S))
        return sendApiError(reply, storage, 'storage', (err as Error).message)
      }
      accepted = result.accepted
      // Rejections come in sample order (= line order), so keeping the first ones keeps the lowest lines.
      for (const rejected of result.rejected.slice(0, DEFAULT_MAX_ERRORS)) {
        const sample = parsed.samples[rejected.index]
        errors.push({ line: parsed.sampleLines[rejected.index] ?? 0, message: `series "${sample?.name}": ${rejected.reason}` })
      }
      errorCount += result.rejected.length
    }
    if (errorCount === 0) return reply.code(204).send()

    errors.sort((a, b) => a.line - b.line)
    const more = errorCount > 1 ? ` (and ${errorCount - 1} more error${errorCount > 2 ? 's' : ''})` : ''
    const response: WriteErrorBody = {
      error: { code: 'bad_request', message: `line ${errors[0].line}: ${errors[0].message}${more}` },
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      errorCount,
      accepted
    }
    return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(response))
  })
}
