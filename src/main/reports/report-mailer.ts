// Sends a report PDF as an e-mail attachment through an e-mail receiver's SMTP settings (the
// receiver's recipients unless the report names its own). Secrets in the settings are expanded
// at send time and scrubbed from any error.
import type { EmailReceiverConfig } from '../alerts/delivery/receiver-config'
import { Redactor, type ExpandSecrets } from '../alerts/delivery/redactor'
import { smtpTransport } from '../alerts/delivery/receivers/email'

export interface ReportMail {
  subject: string
  text: string
  filename: string
  pdf: Buffer
  /** Recipients; default the receiver's `to`. */
  to?: string[]
}

const DEFAULT_TIMEOUT_MS = 30_000

/** Sends one report; resolves with the recipients, rejects with a clear, secret-free Error. */
export async function sendReportMail(receiver: EmailReceiverConfig, mail: ReportMail, expandSecrets: ExpandSecrets): Promise<string[]> {
  const redactor = new Redactor(expandSecrets)
  const field = (name: string): string => `email receiver "${receiver.id}": ${name}`
  const { smtp } = receiver
  const host = redactor.expand(smtp.host, field('smtp.host'))
  const user = smtp.username === undefined ? undefined : redactor.expand(smtp.username, field('smtp.username'))
  const pass = smtp.password === undefined ? undefined : redactor.expand(smtp.password, field('smtp.password'))
  if (pass !== undefined) redactor.secret(pass)
  const to = (mail.to ?? receiver.to).map((address, i) => redactor.expand(address, field(`to[${i}]`)))
  const from = receiver.from === undefined ? `vigil@${host}` : redactor.expand(receiver.from, field('from'))
  const timeoutMs = receiver.timeout ?? DEFAULT_TIMEOUT_MS
  const transport = smtpTransport(smtp, host, user, pass, timeoutMs)
  try {
    await transport.sendMail({
      from,
      to,
      subject: mail.subject,
      text: mail.text,
      attachments: [{ filename: mail.filename, content: mail.pdf, contentType: 'application/pdf' }]
    })
    return to
  } catch (err) {
    const where = Redactor.refersToSecret(smtp.host) ? 'a host from a secret' : `${smtp.host}:${smtp.port}`
    throw new Error(redactor.scrub(`email receiver "${receiver.id}" (smtp://${where}): ${(err as Error).message}`))
  } finally {
    transport.close()
  }
}
