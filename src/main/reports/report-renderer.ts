// What turns a report's parameters into PDF bytes: headless Chromium against a Vigil server
// (chromium-pdf.ts) or, in the desktop app, Electron's printToPDF (src/main/electron/print-report.ts).
// The CLI and the scheduled-report runner take one as an argument.
import type { ReportParams } from '@shared/reports/report-params'

export interface ReportRenderer {
  /** The report as PDF bytes; rejects with a clear Error. */
  render(params: ReportParams): Promise<Buffer>
}
