// Test helper: a real SMTP server (smtp-server) on 127.0.0.1 that records each message and can
// refuse recipients with a given SMTP reply code. Includes a small MIME reader for nodemailer's
// multipart/alternative messages (headers, text and HTML parts, quoted-printable or base64).
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface CapturedMail {
  from: string
  to: string[]
  /** AUTH user name, or null when the client did not authenticate. */
  user: string | null
  headers: Map<string, string>
  subject: string
  text: string
  html: string
  raw: string
}

export interface SmtpCapture {
  port: number
  mails: CapturedMail[]
  /** The next RCPT TO commands are refused with these reply codes, in order. */
  refuseNext(...codes: number[]): void
  close(): Promise<void>
}

/** Starts the server; `credentials` makes it accept only that user and password. */
export async function startSmtpCapture(credentials?: { user: string; pass: string }): Promise<SmtpCapture> {
  const mails: CapturedMail[] = []
  const refusals: number[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username })
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(_address, _session, callback) {
      const code = refusals.shift()
      if (code === undefined) callback()
      else callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const mail = readMime(raw)
        const envelopeFrom = session.envelope.mailFrom
        mails.push({
          ...mail,
          from: envelopeFrom ? envelopeFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw
        })
        callback()
      })
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    mails,
    refuseNext: (...codes) => refusals.push(...codes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function readMime(raw: string): { headers: Map<string, string>; subject: string; text: string; html: string } {
  const { headers, body } = splitPart(raw)
  const parts: { type: string; content: string }[] = []
  const type = headers.get('content-type') ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break
      const part = splitPart(chunk.replace(/^\r?\n/, ''))
      parts.push({ type: part.headers.get('content-type') ?? 'text/plain', content: decode(part.body, part.headers.get('content-transfer-encoding')) })
    }
  } else {
    parts.push({ type, content: decode(body, headers.get('content-transfer-encoding')) })
  }
  const find = (t: string): string => parts.find((p) => p.type.toLowerCase().startsWith(t))?.content ?? ''
  return { headers, subject: headers.get('subject') ?? '', text: find('text/plain'), html: find('text/html') }
}

function splitPart(text: string): { headers: Map<string, string>; body: string } {
  const at = text.search(/\r?\n\r?\n/)
  const head = at < 0 ? text : text.slice(0, at)
  const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '')
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { headers, body }
}

function decode(body: string, encoding: string | undefined): string {
  const trimmed = body.replace(/\r?\n$/, '')
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8')
    case 'quoted-printable': {
      const soft = trimmed.replace(/=\r?\n/g, '')
      const bytes: number[] = []
      for (let i = 0; i < soft.length; i++) {
        if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
          bytes.push(parseInt(soft.slice(i + 1, i + 3), 16))
          i += 2
        } else bytes.push(...Buffer.from(soft[i], 'utf8'))
      }
      return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n')
    }
    default:
      return trimmed.replace(/\r\n/g, '\n')
  }
}
