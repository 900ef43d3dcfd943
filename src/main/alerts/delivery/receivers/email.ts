// The e-mail receiver: SMTP through nodemailer (implicit TLS on 465, STARTTLS when offered),
// text + HTML bodies. The Message-ID is derived from the outbox id, so a copy sent again after
// a restart is the same message to mail clients; all notifications of a group share a thread.
import { createHash } from 'node:crypto'
import { createTransport, type Transporter } from 'nodemailer'
import { DeliveryError } from '../delivery-error'
import { Redactor } from '../redactor'
import type { Outgoing, Receiver, ReceiverDeps } from '../receiver'
import { sendTimeout } from '../receiver'
import type { EmailReceiverConfig } from '../receiver-config'
import { emailBody } from './email-body'

/** Nodemailer error codes that will not go away by retrying the same message. */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS', 'EREQUIRETLS'])

export class EmailReceiver implements Receiver {
  readonly kind = 'email'
  readonly id: string
  readonly sendResolved: boolean
  private readonly redactor: Redactor

  constructor(
    private readonly config: EmailReceiverConfig,
    private readonly deps: ReceiverDeps
  ) {
    this.id = config.id
    this.sendResolved = config.send_resolved ?? true
    this.redactor = new Redactor(deps.expandSecrets)
  }

  async send(out: Outgoing, signal: AbortSignal): Promise<void> {
    const { smtp } = this.config
    const field = (name: string): string => `email "${this.id}": ${name}`
    const host = this.redactor.expand(smtp.host, field('smtp.host'))
    const user = smtp.username === undefined ? undefined : this.redactor.expand(smtp.username, field('smtp.username'))
    const pass = smtp.password === undefined ? undefined : this.redactor.expand(smtp.password, field('smtp.password'))
    if (pass !== undefined) this.redactor.secret(pass)
    const to = this.config.to.map((address, i) => this.redactor.expand(address, field(`to[${i}]`)))
    const from = this.config.from === undefined ? `vigil@${host}` : this.redactor.expand(this.config.from, field('from'))
    const timeoutMs = sendTimeout(this.config, this.deps)
    const body = emailBody(out.intent, this.id, this.deps.externalUrl ?? '')
    const transport = smtpTransport(smtp, host, user, pass, timeoutMs)
    const timeout = AbortSignal.timeout(timeoutMs * 3)
    try {
      await transport.sendMail({
        from,
        to,
        subject: body.subject,
        text: body.text,
        html: body.html,
        messageId: `<${out.notificationId}@vigil.alerts>`,
        references: [`<${threadId(out.intent.groupKey)}@vigil.alerts>`],
        headers: { 'X-Vigil-Notification': out.notificationId },
        signal: AbortSignal.any([signal, timeout])
      })
    } catch (err) {
      const what = `email "${this.id}" (smtp://${this.config.smtp.host.includes('${secret:') ? 'a host from a secret' : this.config.smtp.host}:${smtp.port})`
      throw classify(err, what, this.redactor, signal.aborted, timeout.aborted, timeoutMs)
    } finally {
      transport.close()
    }
  }
}

/** The SMTP transport for a receiver's settings (host and credentials already expanded); scheduled reports send through it too. */
export function smtpTransport(smtp: EmailReceiverConfig['smtp'], host: string, user: string | undefined, pass: string | undefined, timeoutMs: number): Transporter {
  return createTransport({
    host,
    port: smtp.port,
    secure: smtp.secure ?? smtp.port === 465,
    requireTLS: smtp.require_tls === true,
    auth: user !== undefined ? { user, pass } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs
  })
}

/** The same id for every notification of a group, so mail clients thread them. */
function threadId(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex').slice(0, 32)
}

function classify(err: unknown, what: string, redactor: Redactor, stopped: boolean, timedOut: boolean, timeoutMs: number): DeliveryError {
  if (stopped) return new DeliveryError(`${what}: interrupted (Vigil is stopping)`, true)
  if (timedOut) return new DeliveryError(`${what}: no answer within ${timeoutMs * 3} ms`, true)
  const e = err as { code?: string; responseCode?: number; message?: string }
  const message = redactor.scrub(`${what}: ${e.message ?? String(err)}`)
  // SMTP: 5xx replies are permanent, 4xx temporary; without a reply the code decides.
  if (typeof e.responseCode === 'number') return new DeliveryError(message, e.responseCode < 500)
  return new DeliveryError(message, !(e.code !== undefined && PERMANENT_CODES.has(e.code)))
}
