// POST /api/predictions: a JSON array of model prediction records (and late labels) in, durable
// records out. Fields: timestamp (epoch s/ms or ISO 8601), model, prediction, score, label, latency_ms,
// id, features (an object: numbers are numeric features, strings categorical). A record with an
// id and a label but no prediction or score is a late label for the record sent earlier with that id.
//
// All or nothing: 204 once every record is stored (durable); 400 naming the index and field of
// the first bad record, with nothing stored, so a client can fix the request and send it again.
import type { FastifyInstance } from 'fastify'
import type { ApiErrorBody } from '@shared/api'
import type { Engine, LateLabel } from '../engine/types'
import type { PredictionInput } from '../store/predictions'
import { predictionProblem } from '../store/prediction-rules'
import { mapRecord, PUSH_MAPPING } from '../sources/predictions'
import { sendApiError } from './api-errors'

/** Most records one request may carry (beside the body size limit). */
export const MAX_PUSHED_RECORDS = 100_000

export interface PredictionsErrorBody extends ApiErrorBody {
  /** Index of the first bad record in the array. */
  index: number
  /** Its bad field, e.g. "score" or "features.amount". */
  field: string
}

/** Registers POST /predictions (under /api) in its own scope. */
export async function registerPredictionsRoute(app: FastifyInstance, opts: { engine: Engine }): Promise<void> {
  const { engine } = opts
  const bodyLimit = engine.maxPushBodyBytes

  app.addHook('onRequest', async (_request, reply) => {
    if (engine.readOnly) return sendApiError(reply, 403, 'read_only', 'this Vigil is read-only (archive review mode); writes are refused')
    if (!engine.pushPredictions) return sendApiError(reply, 404, 'not_found', 'this Vigil does not store prediction records')
  })

  app.post('/predictions', { bodyLimit }, async (request, reply) => {
    const body = request.body
    if (!Array.isArray(body)) {
      return sendApiError(reply, 400, 'bad_request', `the body must be a JSON array of prediction records (send content-type application/json), got ${describeBody(body)}`)
    }
    if (body.length > MAX_PUSHED_RECORDS) {
      return sendApiError(reply, 400, 'bad_request', `${body.length} records in one request; send at most ${MAX_PUSHED_RECORDS}`)
    }
    const records: PredictionInput[] = []
    const labels: LateLabel[] = []
    /** Body index of each record in `records` (late labels are not in it). */
    const at: number[] = []
    for (let index = 0; index < body.length; index++) {
      const mapped = mapRecord(body[index], PUSH_MAPPING, { json: true })
      if (mapped.kind === 'problem') return badRecord(reply, index, mapped.field, mapped.reason)
      if (mapped.kind === 'label') {
        labels.push({ model: mapped.model, id: mapped.id, label: mapped.label })
        continue
      }
      // What the store would still refuse (lengths, counts), checked now so nothing is half-stored.
      const problem = predictionProblem(mapped.record)
      if (problem) return badRecord(reply, index, problem.field === 'latencyMs' ? 'latency_ms' : problem.field, problem.reason)
      records.push(mapped.record)
      at.push(index)
    }
    const result = await engine.pushPredictions!(records, labels)
    if (result.rejected.length > 0) {
      const first = result.rejected[0]
      return badRecord(reply, at[first.index], first.reason.split(' ')[0], first.reason.slice(first.reason.indexOf(' ') + 1))
    }
    return reply.code(204).send()
  })
}

function badRecord(reply: Parameters<typeof sendApiError>[0], index: number, field: string, reason: string) {
  const body: PredictionsErrorBody = {
    error: { code: 'bad_request', message: `record ${index}: field "${field}" ${reason}; nothing was stored` },
    index,
    field
  }
  return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(body))
}

function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return 'an empty body'
  if (typeof body === 'string') return 'text'
  return typeof body === 'object' ? 'an object' : typeof body
}
