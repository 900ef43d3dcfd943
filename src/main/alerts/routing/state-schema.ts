// Shape check for persisted routing state, so a damaged or foreign row fails with a clear message.
import { z } from 'zod'
import type { RoutingState } from './types'

const labels = z.record(z.string(), z.string())
const ms = z.number().finite()
const nullableMs = ms.nullable()

const alertInstance = z.looseObject({
  id: z.string().min(1),
  rule: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  state: z.enum(['inactive', 'pending', 'firing', 'resolved']),
  labels,
  annotations: z.record(z.string(), z.string()),
  value: z.number().nullable(),
  activeAt: nullableMs,
  firedAt: nullableMs,
  resolvedAt: nullableMs,
  lastEvalAt: ms,
  keepFiringSince: nullableMs
})

const ack = z.object({ by: z.string(), at: ms, comment: z.string().nullable(), expiresAt: nullableMs })

const matcher = z.object({ name: z.string().min(1), value: z.string(), op: z.enum(['=', '!=', '=~', '!~']) })

export const routingStateSchema: z.ZodType<RoutingState> = z.object({
  version: z.literal(1),
  now: ms,
  alerts: z.record(
    z.string(),
    z.object({
      alert: alertInstance,
      firing: z.boolean(),
      resolvedAt: nullableMs,
      groups: z.array(z.string()),
      silencedBy: z.string().nullable(),
      inhibitedBy: z.string().nullable(),
      mutedBy: z.string().nullable()
    })
  ),
  groups: z.record(
    z.string(),
    z.object({
      key: z.string(),
      route: z.string(),
      labels,
      firingSince: ms,
      alertIds: z.array(z.string()),
      firstFlushAt: ms,
      nextFlushAt: ms,
      levelReached: z.number().int().min(-1),
      ack: ack.nullable(),
      ackedMs: ms.min(0),
      renotify: z.boolean(),
      receivers: z.array(
        z.object({ receiver: z.string(), level: z.number().int().min(0), seq: z.number().int().min(0), lastSentAt: ms, notifiedFiring: z.array(z.string()) })
      ),
      mutedBy: z.string().nullable()
    })
  ),
  silences: z.record(
    z.string(),
    z.object({ id: z.string(), matchers: z.array(matcher), startsAt: ms, endsAt: ms, createdBy: z.string(), comment: z.string(), createdAt: ms })
  )
})

/** Parses persisted state (an object or its JSON text); throws an Error naming the first bad field. */
export function parseRoutingState(input: unknown): RoutingState {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch (err) {
      throw new Error(`routing state: not valid JSON (${(err as Error).message})`)
    }
  }
  const result = routingStateSchema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new Error(`routing state: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
  }
  return result.data
}
