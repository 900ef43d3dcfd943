// The PagerDuty receiver: Events API v2 (trigger / acknowledge / resolve) to the configured
// endpoint. The routing key is a secret even when written literally, so it never reaches a message.
import { displayUrl } from '../display-url'
import { postJson } from '../http-post'
import { Redactor } from '../redactor'
import type { Outgoing, Receiver, ReceiverDeps } from '../receiver'
import { sendTimeout } from '../receiver'
import { PAGERDUTY_EVENTS_URL } from '../receiver-config'
import type { PagerDutyReceiverConfig } from '../receiver-config'
import { pagerDutyEvent } from './pagerduty-event'

export class PagerDutyReceiver implements Receiver {
  readonly kind = 'pagerduty'
  readonly id: string
  readonly sendResolved: boolean
  private readonly redactor: Redactor

  constructor(
    private readonly config: PagerDutyReceiverConfig,
    private readonly deps: ReceiverDeps
  ) {
    this.id = config.id
    this.sendResolved = config.send_resolved ?? true
    this.redactor = new Redactor(deps.expandSecrets)
  }

  async send(out: Outgoing, signal: AbortSignal): Promise<void> {
    const routingKey = this.redactor.expand(this.config.routing_key, `pagerduty "${this.id}": routing_key`)
    this.redactor.secret(routingKey)
    const configuredUrl = this.config.url ?? PAGERDUTY_EVENTS_URL
    const url = this.redactor.expand(configuredUrl, `pagerduty "${this.id}": url`)
    await postJson({
      url,
      headers: { 'idempotency-key': out.notificationId },
      body: pagerDutyEvent(out.intent, routingKey, this.deps.externalUrl ?? '', this.deps.sourceName ?? 'vigil'),
      signal,
      timeoutMs: sendTimeout(this.config, this.deps),
      what: `pagerduty "${this.id}" (${displayUrl(configuredUrl)})`,
      redactor: this.redactor
    })
  }
}
