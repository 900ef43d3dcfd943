// The engine's side of scheduled reports: one ReportRunner for the config's `reports:`, built when
// a shell lends a renderer (Chromium against `vigil serve`'s own server, or Electron's printToPDF)
// and rebuilt when a config reload changes the reports or the e-mail receivers they send through.
import type { VigilConfig } from '@shared/config/schema'
import type { EmailReceiverConfig } from '../alerts/delivery/receiver-config'
import type { ExpandSecrets } from '../alerts/delivery/redactor'
import type { ReportRenderer } from '../reports/report-renderer'
import { ReportRunner, type ReportRunResult, type Timers } from '../reports/report-runner'

export interface ScheduledReportsOptions {
  /** The config file's folder (relative report folders resolve against it). */
  baseDir: string
  expandSecrets: ExpandSecrets
  now: () => number
  log: (message: string) => void
  version: string
  timers?: Timers
  onRun?: (result: ReportRunResult) => void
}

/** What a runner depends on in the config; a reload that leaves it alone keeps the runner (and its plan). */
function scheduleKey(config: VigilConfig): string {
  return JSON.stringify({ reports: config.reports, email: emailReceivers(config) })
}

function emailReceivers(config: VigilConfig): EmailReceiverConfig[] {
  return config.alerting.receivers.filter((r): r is Extract<typeof r, { kind: 'email' }> => r.kind === 'email') as EmailReceiverConfig[]
}

export class ScheduledReports {
  private renderer: ReportRenderer | null = null
  private runner: ReportRunner | null = null
  private key: string | null = null
  /** Changes run one after another, so a reload and a new renderer never race. */
  private chain: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(private readonly opts: ScheduledReportsOptions) {}

  /** The runner in use (tests); null when no renderer is set or the config has no reports. */
  current(): ReportRunner | null {
    return this.runner
  }

  /** Sets the renderer and (re)starts the schedule of `config`; null stops it. */
  setRenderer(renderer: ReportRenderer | null, config: VigilConfig): Promise<void> {
    return this.enqueue(async () => {
      this.renderer = renderer
      await this.replace(config)
    })
  }

  /** Takes a reloaded config: the runner is rebuilt when its reports or e-mail receivers changed. */
  setConfig(config: VigilConfig): Promise<void> {
    return this.enqueue(async () => {
      if (this.renderer && scheduleKey(config) !== this.key) await this.replace(config)
    })
  }

  /** Stops the runner, waiting for a report being printed. Idempotent. */
  stop(): Promise<void> {
    return this.enqueue(async () => {
      this.stopped = true
      await this.runner?.stop()
      this.runner = null
    })
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(() => (this.stopped ? undefined : step()))
    // A failed step must not wedge the ones after it; the caller still sees its error.
    this.chain = next.catch(() => undefined)
    return next
  }

  private async replace(config: VigilConfig): Promise<void> {
    await this.runner?.stop()
    this.runner = null
    this.key = scheduleKey(config)
    if (!this.renderer || config.reports.length === 0) return
    const runner = new ReportRunner({
      reports: config.reports,
      emailReceivers: new Map(emailReceivers(config).map((r) => [r.id, r])),
      renderer: this.renderer,
      expandSecrets: this.opts.expandSecrets,
      now: this.opts.now,
      log: this.opts.log,
      baseDir: this.opts.baseDir,
      version: this.opts.version,
      ...(this.opts.timers ? { timers: this.opts.timers } : {}),
      ...(this.opts.onRun ? { onRun: this.opts.onRun } : {})
    })
    runner.start()
    this.runner = runner
  }
}
