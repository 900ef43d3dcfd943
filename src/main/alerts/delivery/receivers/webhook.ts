// The webhook receiver: POSTs Alertmanager's version-4 JSON to the configured URL, with the
// configured headers and an Idempotency-Key header (the outbox id, the same on every retry).
import { displayUrl } from '../display-url'
import { postJson } from '../http-post'
import { Redactor } from '../redactor'
import type { Outgoing, Receiver, ReceiverDeps } from '../receiver'
import { sendTimeout } from '../receiver'
import type { WebhookReceiverConfig } from '../receiver-config'
import { alertmanagerPayload } from './alertmanager-payload'

/** Header values with these names are scrubbed from messages even when written literally. */
const SENSITIVE_HEADER = /auth|cookie|token|key|secret|pass|session|signature/i

export class WebhookReceiver implements Receiver {
  readonly kind = 'webhook'
  readonly id: string
  readonly sendResolved: boolean
  private readonly redactor: Redactor

  constructor(
    private readonly config: WebhookReceiverConfig,
    private readonly deps: ReceiverDeps
  ) {
    this.id = config.id
    this.sendResolved = config.send_resolved ?? true
    this.redactor = new Redactor(deps.expandSecrets)
  }

  async send(out: Outgoing, signal: AbortSignal): Promise<void> {
    const url = this.redactor.expand(this.config.url, `webhook "${this.id}": url`)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(this.config.headers ?? {})) {
      headers[name] = this.redactor.expand(value, `webhook "${this.id}": header "${name}"`)
      if (SENSITIVE_HEADER.test(name)) this.redactor.secret(headers[name])
    }
    headers['idempotency-key'] = out.notificationId
    await postJson({
      url,
      headers,
      body: alertmanagerPayload(out.intent, this.id, this.deps.externalUrl ?? '', this.config.max_alerts ?? 0),
      signal,
      timeoutMs: sendTimeout(this.config, this.deps),
      what: `webhook "${this.id}" (${displayUrl(this.config.url)})`,
      redactor: this.redactor
    })
  }
}
