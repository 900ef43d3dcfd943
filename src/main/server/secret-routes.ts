// Secret management over HTTP (admin only: the role check reserves /api/secrets*): list the names
// the config refers to with where each resolves from, set one, delete one. Values go in (PUT) and
// never come out: no response, error or log line carries one. Bodies get their own parser, since
// JSON.parse's errors quote the text around the fault, which here would be the secret.
import { readFile } from 'node:fs/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { checkSecretName, secretNames } from '../config/secrets'
import { checkSecretValue, type SecretOrigin, type SecretStore } from '../config/secrets-store'
import { sendApiError } from './api-errors'

/** A secret was set or deleted (for the audit log); never the value. */
export interface SecretChangeEvent {
  action: 'set' | 'delete'
  name: string
}

export interface SecretRouteDeps {
  secrets: SecretStore
  /** The running config file (its ${secret:NAME} references are listed), or null when there is none. */
  configPath(): Promise<string | null>
  /** After a set or delete: lets the engine use the new value at once (restarts what uses the secret). */
  applied?(names: string[]): Promise<void>
  /** After a set or delete (the audit log, which names who made it); a failure answers 500 saying the change itself was made. */
  onChange?(event: SecretChangeEvent, request: FastifyRequest): void | Promise<void>
}

/** One row of GET /api/secrets. */
export interface SecretListItem {
  name: string
  /** True when the config refers to it. */
  referenced: boolean
  /** Where its value resolves from; null when it is not set (the config's reference fails). */
  from: SecretOrigin | null
}

export interface SecretList {
  /** Null when the OS keychain answers; else why it does not (then only VIGIL_SECRET_* variables count). */
  keychainUnavailable: string | null
  secrets: SecretListItem[]
}

/** Body limit: the largest value plus JSON framing. */
const BODY_LIMIT = 80 * 1024

/** Registers GET /secrets, PUT /secrets/:name ({"value":"…"}) and DELETE /secrets/:name in their own scope (under /api). */
export async function registerSecretRoutes(app: FastifyInstance, deps: SecretRouteDeps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      done(null, parseValueBody(body as string))
    })

    scope.get('/secrets', async (_request, reply) => sendJson(reply, await listSecrets(deps)))

    scope.put('/secrets/:name', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
      const name = (request.params as { name: string }).name
      const body = request.body as ParsedBody | undefined
      try {
        checkSecretName(name)
      } catch (err) {
        return sendApiError(reply, 400, 'bad_request', `PUT /api/secrets/{name}: ${(err as Error).message}`)
      }
      if (!body || 'problem' in body) return sendApiError(reply, 400, 'bad_request', `PUT /api/secrets/${name}: ${body?.problem ?? 'send a JSON body {"value":"…"}'}`)
      try {
        checkSecretValue(name, body.value)
        deps.secrets.set(name, body.value)
      } catch (err) {
        return sendApiError(reply, 400, 'bad_request', (err as Error).message)
      }
      const failed = await afterChange(deps, { action: 'set', name }, request)
      if (failed) return sendApiError(reply, 500, 'internal', failed)
      return sendJson(reply, { name, from: deps.secrets.resolve(name)?.from ?? null })
    })

    scope.delete('/secrets/:name', async (request, reply) => {
      const name = (request.params as { name: string }).name
      let deleted: boolean
      try {
        deleted = deps.secrets.delete(checkSecretName(name))
      } catch (err) {
        return sendApiError(reply, 400, 'bad_request', (err as Error).message)
      }
      if (!deleted) {
        const env = deps.secrets.inEnvironment(name) ? ' (its value comes from an environment variable, which only the process environment can remove)' : ''
        return sendApiError(reply, 404, 'not_found', `secret "${name}" is not in the OS keychain${env}`)
      }
      const failed = await afterChange(deps, { action: 'delete', name }, request)
      if (failed) return sendApiError(reply, 500, 'internal', failed)
      return sendJson(reply, { name, deleted, from: deps.secrets.resolve(name)?.from ?? null })
    })
  })
}

/** Names the config refers to plus those kept in the keychain, each with where it resolves from. */
export async function listSecrets(deps: Pick<SecretRouteDeps, 'secrets' | 'configPath'>): Promise<SecretList> {
  const path = await deps.configPath()
  const text = path === null ? '' : await readFile(path, 'utf8').catch(() => '')
  const referenced = new Set(secretNames(text))
  const stored = deps.secrets.keychainNames() ?? []
  const names = [...new Set([...referenced, ...stored])].sort()
  return {
    keychainUnavailable: deps.secrets.keychainUnavailable(),
    secrets: deps.secrets.status(names).map((s) => ({ name: s.name, referenced: referenced.has(s.name), from: s.from }))
  }
}

/** Tells the engine and the audit log; returns an error message when either failed (the change itself stands). */
async function afterChange(deps: SecretRouteDeps, event: SecretChangeEvent, request: FastifyRequest): Promise<string | null> {
  const problems: string[] = []
  try {
    await deps.onChange?.(event, request)
  } catch (err) {
    problems.push(`the audit entry could not be written (${(err as Error).message})`)
  }
  try {
    await deps.applied?.([event.name])
  } catch (err) {
    problems.push(`the engine could not apply it yet (${(err as Error).message})`)
  }
  return problems.length === 0 ? null : `secret "${event.name}" was ${event.action === 'set' ? 'stored' : 'deleted'}, but ${problems.join(' and ')}`
}

type ParsedBody = { value: string } | { problem: string }

/** {"value":"…"} → the value; any other body → a problem that never quotes the body. */
function parseValueBody(text: string): ParsedBody {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { problem: 'the body is not valid JSON (send {"value":"…"})' }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'send a JSON object {"value":"…"}' }
  // Field names are not quoted back either: a value pasted as a key would be echoed.
  if (Object.keys(parsed).some((k) => k !== 'value')) return { problem: 'only the field "value" is accepted (send {"value":"…"})' }
  const value = (parsed as { value?: unknown }).value
  if (typeof value !== 'string') return { problem: 'field "value" must be a string' }
  return { value }
}

function sendJson(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value))
}
