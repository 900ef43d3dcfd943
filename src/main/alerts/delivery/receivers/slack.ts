// The Slack receiver: POSTs a Block Kit message to an incoming webhook. The webhook URL carries
// its token, so it is treated as a secret as a whole and messages name only its host.
import { postJson } from '../http-post'
import { Redactor } from '../redactor'
import type { Outgoing, Receiver, ReceiverDeps } from '../receiver'
import { sendTimeout } from '../receiver'
import type { SlackReceiverConfig } from '../receiver-config'
import { slackMessage } from './slack-message'

export class SlackReceiver implements Receiver {
  readonly kind = 'slack'
  readonly id: string
  readonly sendResolved: boolean
  private readonly redactor: Redactor

  constructor(
    private readonly config: SlackReceiverConfig,
    private readonly deps: ReceiverDeps
  ) {
    this.id = config.id
    this.sendResolved = config.send_resolved ?? true
    this.redactor = new Redactor(deps.expandSecrets)
  }

  async send(out: Outgoing, signal: AbortSignal): Promise<void> {
    const url = this.redactor.expand(this.config.webhook_url, `slack "${this.id}": webhook_url`)
    this.redactor.secret(url)
    let host = 'an invalid URL'
    try {
      const u = new URL(url)
      host = u.host
      // The path is the token (hooks.slack.com/services/T…/B…/secret).
      this.redactor.secret(u.pathname)
    } catch {
      // postJson reports the invalid URL.
    }
    await postJson({
      url,
      headers: { 'idempotency-key': out.notificationId },
      body: { ...slackMessage(out.intent, this.deps.externalUrl ?? ''), ...overrides(this.config) },
      signal,
      timeoutMs: sendTimeout(this.config, this.deps),
      what: `slack "${this.id}" (incoming webhook at ${host})`,
      redactor: this.redactor
    })
  }
}

/** The channel and username overrides, when configured. */
function overrides(config: SlackReceiverConfig): { channel?: string; username?: string } {
  const out: { channel?: string; username?: string } = {}
  if (config.channel) out.channel = config.channel
  if (config.username) out.username = config.username
  return out
}
