// The contract API with the changes a user makes recorded in the audit log: acknowledgements,
// noise marks, annotations, silences and exports. Each is recorded after it succeeded (a refused
// or failed request changed nothing) and before the caller hears back, so a reported change is in
// the log. Reads pass through untouched.
import type { VigilApi } from '@shared/api'
import type { AuditActor, AuditEvent } from './audit-entry'
import type { AuditRecorder } from './audit-log'

/** Reports an entry that could not be written (the change itself stands: it already happened). */
export type AuditFailure = (event: AuditEvent, err: Error) => void

/** `api` with its changing requests recorded as `actor`; `audit` null returns `api` itself. */
export function auditedApi(api: VigilApi, audit: AuditRecorder | null, actor: AuditActor, onFailure: AuditFailure = defaultFailure): VigilApi {
  if (audit === null) return api
  const record = async (event: Omit<AuditEvent, 'actor'>): Promise<void> => {
    const full = { actor, ...event }
    try {
      await audit.append(full)
    } catch (err) {
      onFailure(full, err as Error)
    }
  }
  return {
    ...api,
    async acknowledgeAlert(args) {
      const result = await api.acknowledgeAlert(args)
      await record({
        action: 'alert.ack',
        target: args.id,
        details: { by: args.by, comment: args.comment ?? null, expiresInMs: args.expiresInMs ?? null, groups: result.groups }
      })
      return result
    },
    async markAlertNoise(args) {
      const result = await api.markAlertNoise(args)
      await record({ action: 'alert.noise', target: args.id, details: { noise: args.noise, by: args.by, episode: result.episode, rule: result.rule } })
      return result
    },
    async addAnnotation(args) {
      const result = await api.addAnnotation(args)
      await record({ action: 'annotation.add', target: result.id, details: { kind: result.kind, title: result.title, ts: result.ts } })
      return result
    },
    async addSilence(args) {
      const result = await api.addSilence(args)
      await record({
        action: 'silence.create',
        target: result.id,
        details: {
          matchers: result.matchers.map((m) => ({ name: m.name, op: m.op, value: m.value })),
          startsAt: result.startsAt,
          endsAt: result.endsAt,
          createdBy: result.createdBy,
          comment: result.comment
        }
      })
      return result
    },
    async expireSilence(args) {
      const result = await api.expireSilence(args)
      await record({ action: 'silence.expire', target: args.id, details: {} })
      return result
    },
    async exportArchive(args) {
      const result = await api.exportArchive(args)
      await record({
        action: 'export.archive',
        target: result.path,
        details: { from: result.from, to: result.to, seriesGlob: args.seriesGlob ?? null, signed: result.signed, bytes: result.bytes, samples: result.samples }
      })
      return result
    }
  }
}

function defaultFailure(event: AuditEvent, err: Error): void {
  console.error(`vigil: could not record "${event.action}" in the audit log: ${err.message}`)
}
