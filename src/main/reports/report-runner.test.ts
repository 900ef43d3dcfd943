// The scheduled-report runner with stepped time: PDFs written to a temp folder and e-mailed to a
// real local SMTP server; failed runs logged and retried at the next schedule, never thrown.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reportScheduleSchema } from '@shared/config/reports-schema'
import type { ReportParams } from '@shared/reports/report-params'
import { alertingSchema } from '@shared/config/alerting-schema'
import { expandSecrets } from '../config/secrets'
import type { EmailReceiverConfig } from '../alerts/delivery/receiver-config'
import { startSmtpCapture, type SmtpCapture } from '../alerts/delivery/testing/smtp-capture'
import { ReportRunner, type ReportRunResult, type Timers } from './report-runner'

const T0 = Date.parse('2026-05-01T06:59:00Z')

/** Timers the test fires by hand. */
function manualTimers(): Timers & { pending: { fn: () => void; ms: number } | null; fire(): void } {
  const t = {
    pending: null as { fn: () => void; ms: number } | null,
    setTimeout(fn: () => void, ms: number) {
      t.pending = { fn, ms }
      return t.pending
    },
    clearTimeout(h: unknown) {
      if (t.pending === h) t.pending = null
    },
    fire() {
      const p = t.pending
      if (!p) throw new Error('no timer armed')
      t.pending = null
      p.fn()
    }
  }
  return t
}

let dir: string
let smtp: SmtpCapture
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-reports-'))
  smtp = await startSmtpCapture({ user: 'reports', pass: 'smtp-pass-123' })
})
afterEach(async () => {
  await smtp.close()
  rmSync(dir, { recursive: true, force: true })
})

function setup(opts: { render: (p: ReportParams) => Promise<Buffer>; folder?: string | null }) {
  let now = T0
  const timers = manualTimers()
  const logs: string[] = []
  const runs: ReportRunResult[] = []
  const alerting = alertingSchema.parse({
    receivers: [{ id: 'board-mail', kind: 'email', to: ['board@example.com'], smtp: { host: '127.0.0.1', port: smtp.port, username: 'reports', password: '${secret:SMTP_PASS}' } }]
  })
  const report = reportScheduleSchema.parse({
    id: 'daily-exec',
    every: 'daily',
    at: '07:00',
    timezone: 'UTC',
    orientation: 'portrait',
    ...(opts.folder === null ? {} : { folder: opts.folder ?? 'out/reports' }),
    email: { receiver: 'board-mail', to: ['cfo@example.com'] }
  })
  const runner = new ReportRunner({
    reports: [report],
    emailReceivers: new Map(alerting.receivers.filter((r) => r.kind === 'email').map((r) => [r.id, r as unknown as EmailReceiverConfig])),
    renderer: { render: opts.render },
    expandSecrets: (text) => expandSecrets(text, (name) => (name === 'SMTP_PASS' ? 'smtp-pass-123' : undefined)),
    now: () => now,
    log: (m) => logs.push(m),
    baseDir: dir,
    timers,
    onRun: (r) => runs.push(r),
    version: '0.1.0-test'
  })
  return { runner, timers, logs, runs, setNow: (t: number) => (now = t) }
}

/** Waits until the runner has reported `n` runs (it runs asynchronously after the timer fires). */
async function runsDone(runs: unknown[], n: number): Promise<void> {
  for (let i = 0; i < 500 && runs.length < n; i++) await new Promise((r) => setTimeout(r, 10))
  expect(runs.length).toBe(n)
}

const PDF = Buffer.from('%PDF-1.7\n% report bytes for the test\n%%EOF\n')

describe('ReportRunner', () => {
  it('at 07:00 prints the last day, writes <id>-<date>.pdf and e-mails it as an attachment', async () => {
    const asked: ReportParams[] = []
    const { runner, timers, runs, setNow } = setup({ render: async (p) => (asked.push(p), PDF) })
    runner.start()
    expect(timers.pending?.ms).toBe(60_000)
    setNow(Date.parse('2026-05-01T07:00:00Z'))
    timers.fire()
    await runsDone(runs, 1)

    expect(asked).toEqual([{ view: 'executive', orientation: 'portrait', from: Date.parse('2026-04-30T07:00:00Z'), to: Date.parse('2026-05-01T07:00:00Z') }])
    const file = join(dir, 'out/reports/daily-exec-2026-05-01.pdf')
    expect(runs[0]).toMatchObject({ file, emailedTo: ['cfo@example.com'], error: null })
    expect(readFileSync(file)).toEqual(PDF)
    expect(readdirSync(join(dir, 'out/reports'))).toEqual(['daily-exec-2026-05-01.pdf'])

    expect(smtp.mails).toHaveLength(1)
    const mail = smtp.mails[0]
    expect(mail).toMatchObject({ to: ['cfo@example.com'], user: 'reports', subject: 'Vigil executive report 2026-05-01' })
    expect(mail.raw).toMatch(/Content-Type: application\/pdf; name=daily-exec-2026-05-01\.pdf/)
    const attached = /Content-Disposition: attachment; filename=daily-exec-2026-05-01\.pdf\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.raw)
    expect(Buffer.from(attached![1].replace(/\s+/g, ''), 'base64')).toEqual(PDF)

    // The next run is tomorrow at 07:00.
    expect(runner.nextRuns().get('daily-exec')).toBe(Date.parse('2026-05-02T07:00:00Z'))
    expect(timers.pending?.ms).toBe(86_400_000)
    await runner.stop()
    expect(timers.pending).toBeNull()
  })

  it('logs a failed print with its reason and retries at the next schedule, without throwing', async () => {
    let calls = 0
    const { runner, timers, runs, logs, setNow } = setup({
      folder: 'pdf',
      render: async () => {
        calls++
        if (calls === 1) throw new Error('Chromium not found: install chromium or set CHROMIUM_PATH')
        return PDF
      }
    })
    runner.start()
    setNow(Date.parse('2026-05-01T07:00:05Z'))
    timers.fire()
    await runsDone(runs, 1)
    expect(runs[0].error).toBe('cannot print: Chromium not found: install chromium or set CHROMIUM_PATH')
    expect(logs).toContain('report "daily-exec" failed: cannot print: Chromium not found: install chromium or set CHROMIUM_PATH (it runs again at its next scheduled time)')
    expect(smtp.mails).toHaveLength(0)
    expect(runner.nextRuns().get('daily-exec')).toBe(Date.parse('2026-05-02T07:00:00Z'))

    setNow(Date.parse('2026-05-02T07:00:00Z'))
    timers.fire()
    await runsDone(runs, 2)
    expect(runs[1]).toMatchObject({ error: null, file: join(dir, 'pdf/daily-exec-2026-05-02.pdf') })
    await runner.stop()
  })

  it('still writes the file when the mail is refused, and says which receiver failed (no secret in it)', async () => {
    const { runner, runs, logs } = setup({ folder: 'pdf', render: async () => PDF })
    smtp.refuseNext(550)
    const result = await runner.run(runnerReport(), Date.parse('2026-05-01T07:00:00Z'))
    expect(result.file).toBe(join(dir, 'pdf/daily-exec-2026-05-01.pdf'))
    expect(result.error).toMatch(/^email receiver "board-mail" \(smtp:\/\/127\.0\.0\.1:\d+\): .*Mailbox unavailable/)
    expect(result.error).not.toContain('smtp-pass-123')
    expect(logs.at(-1)).toMatch(/^report "daily-exec" failed: email receiver "board-mail"/)
    expect(runs).toHaveLength(1)
  })

  it('reports a folder it cannot write to', async () => {
    // A folder under a regular file cannot exist (ENOTDIR), even for root.
    writeFileSync(join(dir, 'a-file'), 'x')
    const { runner } = setup({ render: async () => PDF })
    const result = await runner.run(runnerReport('a-file/reports'), Date.parse('2026-05-01T07:00:00Z'))
    expect(result.error).toMatch(/^cannot write to a-file\/reports: .*ENOTDIR/)
    expect(result.file).toBeNull()
    expect(result.emailedTo).toEqual(['cfo@example.com'])
  })
})

function runnerReport(folder = 'pdf') {
  return reportScheduleSchema.parse({ id: 'daily-exec', every: 'daily', timezone: 'UTC', folder, email: { receiver: 'board-mail', to: ['cfo@example.com'] } })
}
