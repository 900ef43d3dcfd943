// Runs the scheduled reports of `reports:` in vigil.yaml: at each run time it prints the report
// of the period before it (through the injected renderer: Chromium against the engine's own HTTP
// server, or Electron's printToPDF), writes <id>-<YYYY-MM-DD>.pdf to the folder and/or e-mails
// it through the e-mail receiver. A failed run is logged with its reason and the report runs
// again at its next scheduled time; nothing here ever throws into the engine.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ReportScheduleConfig } from '@shared/config/reports-schema'
import type { ReportParams } from '@shared/reports/report-params'
import type { EmailReceiverConfig } from '../alerts/delivery/receiver-config'
import type { ExpandSecrets } from '../alerts/delivery/redactor'
import { sendReportMail } from './report-mailer'
import type { ReportRenderer } from './report-renderer'
import { nextRunAt, reportPeriod, runDate, systemTimeZone } from './report-schedule'

export interface ReportRunResult {
  id: string
  runAt: number
  params: ReportParams
  /** The PDF written, when the report has a folder. */
  file: string | null
  /** Recipients, when it was e-mailed. */
  emailedTo: string[] | null
  /** Why the run failed (null: it succeeded). A run fails as a whole if any delivery failed. */
  error: string | null
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface ReportRunnerOptions {
  reports: readonly ReportScheduleConfig[]
  /** The e-mail receivers of alerting.receivers, by id (parsed config). */
  emailReceivers: ReadonlyMap<string, EmailReceiverConfig>
  renderer: ReportRenderer
  expandSecrets: ExpandSecrets
  now: () => number
  log: (message: string) => void
  /** Relative folders are resolved against this (the config file's folder). */
  baseDir: string
  /** Zone for schedules without `timezone` (default: the machine's). */
  defaultTimeZone?: string
  timers?: Timers
  /** Called after every run (tests, the UI's "last report" line). */
  onRun?: (result: ReportRunResult) => void
  /** Product name and version for the e-mail text. */
  version?: string
}

/** The longest single timer: Node's setTimeout caps at 2^31−1 ms, so longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647 - 1

export class ReportRunner {
  private readonly zone: string
  private readonly timers: Timers
  private handle: unknown = null
  private stopped = false
  private running: Promise<void> | null = null
  private readonly next = new Map<string, number>()

  constructor(private readonly opts: ReportRunnerOptions) {
    this.zone = opts.defaultTimeZone ?? systemTimeZone()
    this.timers = opts.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }
  }

  /** Plans every report's next run from now and arms the timer. */
  start(): void {
    const now = this.opts.now()
    for (const r of this.opts.reports) this.next.set(r.id, nextRunAt(r, now, this.zone))
    for (const r of this.opts.reports) this.opts.log(`report "${r.id}": next run ${new Date(this.next.get(r.id)!).toISOString()}`)
    this.arm()
  }

  /** The next run time of each report (epoch ms). */
  nextRuns(): ReadonlyMap<string, number> {
    return this.next
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.handle !== null) this.timers.clearTimeout(this.handle)
    this.handle = null
    await this.running
  }

  private arm(): void {
    if (this.stopped || this.next.size === 0) return
    if (this.handle !== null) this.timers.clearTimeout(this.handle)
    const soonest = Math.min(...this.next.values())
    const wait = Math.min(Math.max(0, soonest - this.opts.now()), MAX_TIMER_MS)
    this.handle = this.timers.setTimeout(() => {
      this.handle = null
      this.running = this.runDue().finally(() => {
        this.running = null
        this.arm()
      })
    }, wait)
  }

  /** Runs every report whose time has come, one after another, then plans their next runs. */
  private async runDue(): Promise<void> {
    const now = this.opts.now()
    for (const r of this.opts.reports) {
      if (this.stopped) return
      const at = this.next.get(r.id)!
      if (at > now) continue
      await this.run(r, at)
      // Retried (or simply run) at the next scheduled time after now, never in a tight loop.
      this.next.set(r.id, nextRunAt(r, Math.max(now, this.opts.now()), this.zone))
    }
  }

  /** Runs one report as of `runAt`; never rejects. */
  async run(report: ReportScheduleConfig, runAt: number): Promise<ReportRunResult> {
    const params: ReportParams = { view: report.view, orientation: report.orientation, ...reportPeriod(report, runAt, this.zone) }
    const result: ReportRunResult = { id: report.id, runAt, params, file: null, emailedTo: null, error: null }
    const failures: string[] = []
    try {
      const pdf = await this.opts.renderer.render(params)
      const filename = `${report.id}-${runDate(report, runAt, this.zone)}.pdf`
      if (report.folder !== undefined) {
        try {
          result.file = await this.write(resolve(this.opts.baseDir, report.folder), filename, pdf)
        } catch (err) {
          failures.push(`cannot write to ${report.folder}: ${(err as Error).message}`)
        }
      }
      if (report.email) {
        try {
          result.emailedTo = await this.mail(report, params, filename, pdf)
        } catch (err) {
          failures.push((err as Error).message)
        }
      }
    } catch (err) {
      failures.push(`cannot print: ${(err as Error).message}`)
    }
    if (failures.length > 0) {
      result.error = failures.join('; ')
      this.opts.log(`report "${report.id}" failed: ${result.error} (it runs again at its next scheduled time)`)
    } else {
      this.opts.log(`report "${report.id}" done${result.file ? `: ${result.file}` : ''}${result.emailedTo ? `; e-mailed to ${result.emailedTo.join(', ')}` : ''}`)
    }
    this.opts.onRun?.(result)
    return result
  }

  /** Writes through a temporary name, so a folder watcher never sees half a PDF. */
  private async write(folder: string, filename: string, pdf: Buffer): Promise<string> {
    await mkdir(folder, { recursive: true })
    const file = join(folder, filename)
    const partial = `${file}.partial`
    await writeFile(partial, pdf)
    await rename(partial, file)
    return file
  }

  private async mail(report: ReportScheduleConfig, params: ReportParams, filename: string, pdf: Buffer): Promise<string[]> {
    const email = report.email!
    const receiver = this.opts.emailReceivers.get(email.receiver)
    if (!receiver) throw new Error(`email receiver "${email.receiver}" is not configured under alerting.receivers`)
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
    const period = `${day(params.from)} – ${day(params.to)} UTC`
    return sendReportMail(
      receiver,
      {
        subject: `Vigil ${report.view} report ${runDate(report, params.to, this.zone)}`,
        text: `The ${report.every} ${report.view} report "${report.id}" for ${period} is attached (${filename}).\n\n-- \nSent by Vigil${this.opts.version ? ` ${this.opts.version}` : ''}.`,
        filename,
        pdf,
        to: email.to
      },
      this.opts.expandSecrets
    )
  }
}
