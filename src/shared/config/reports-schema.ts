// `reports:` in vigil.yaml: scheduled reports (daily, weekly or monthly at a time of day in a time
// zone), each written as a PDF to a folder and/or e-mailed through an e-mail receiver of
// `alerting.receivers`. Validated here; the cross-check against the receivers is reportsIssues.
import { z } from 'zod'
import { REPORT_VIEWS } from '../reports/report-params'

export const REPORT_EVERY = ['daily', 'weekly', 'monthly'] as const
export type ReportEvery = (typeof REPORT_EVERY)[number]

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** The period a report covers, by default the one its schedule spans. */
export const REPORT_RANGES = { '1d': 1, '7d': 7, '30d': 30 } as const
export type ReportRange = keyof typeof REPORT_RANGES
const DEFAULT_RANGE: Record<ReportEvery, ReportRange> = { daily: '1d', weekly: '7d', monthly: '30d' }

const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'expected an e-mail address such as cto@example.com')

/** True for a time zone this runtime knows (IANA name such as "Europe/Berlin", or "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

export const reportScheduleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected an id of letters, digits, "-" or "_" (it names the PDF files)'),
    view: z.enum(REPORT_VIEWS).default('executive'),
    every: z.enum(REPORT_EVERY),
    /** Time of day, 24 h, in `timezone`. */
    at: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as "07:00" (24 h, HH:MM)')
      .default('07:00'),
    /** IANA time zone (default: the machine's). */
    timezone: z
      .string()
      .superRefine((tz, ctx) => {
        if (!isTimeZone(tz)) ctx.addIssue({ code: 'custom', message: `unknown time zone "${tz}" (expected an IANA name such as "Europe/Berlin" or "UTC")` })
      })
      .optional(),
    /** Weekly: the weekday (default monday); monthly: the day of the month, 1–28 (default 1). */
    day: z.union([z.enum(WEEKDAYS), z.number().int().min(1).max(28)]).optional(),
    /** The period before each run the report covers (default: 1d daily, 7d weekly, 30d monthly). */
    range: z.enum(Object.keys(REPORT_RANGES) as [ReportRange, ...ReportRange[]]).optional(),
    orientation: z.enum(['landscape', 'portrait']).default('landscape'),
    /** Folder the PDFs are written to, as <id>-<YYYY-MM-DD>.pdf. */
    folder: z.string().min(1).optional(),
    email: z
      .object({
        /** Id of an e-mail receiver under alerting.receivers (its SMTP settings and, by default, its recipients). */
        receiver: z.string().min(1),
        to: z.array(email).min(1).optional()
      })
      .strict()
      .optional()
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.folder === undefined && r.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['folder'], message: 'a scheduled report needs a folder, an email, or both (else it goes nowhere)' })
    }
    if (r.day === undefined) return
    if (r.every === 'daily') ctx.addIssue({ code: 'custom', path: ['day'], message: 'a daily report has no day' })
    if (r.every === 'weekly' && typeof r.day !== 'string') ctx.addIssue({ code: 'custom', path: ['day'], message: `a weekly report's day is a weekday (${WEEKDAYS.join(', ')})` })
    if (r.every === 'monthly' && typeof r.day !== 'number') ctx.addIssue({ code: 'custom', path: ['day'], message: "a monthly report's day is a day of the month, 1-28" })
  })
  .transform((r) => ({
    ...r,
    range: r.range ?? DEFAULT_RANGE[r.every],
    day: r.day ?? (r.every === 'weekly' ? ('monday' as Weekday) : r.every === 'monthly' ? 1 : undefined)
  }))

export const reportsSchema = z.array(reportScheduleSchema).default([])

export type ReportScheduleConfig = z.output<typeof reportScheduleSchema>

/** Problems between reports and the rest of the config: duplicate ids, unknown or non-email receivers. */
export function reportsIssues(reports: readonly ReportScheduleConfig[], receivers: readonly { id: string; kind: string }[]): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = []
  const seen = new Map<string, number>()
  reports.forEach((r, i) => {
    const prev = seen.get(r.id)
    if (prev !== undefined) issues.push({ path: [i, 'id'], message: `duplicate report id "${r.id}" (also reports[${prev}])` })
    seen.set(r.id, i)
    if (!r.email) return
    const receiver = receivers.find((x) => x.id === r.email!.receiver)
    const emails = receivers.filter((x) => x.kind === 'email').map((x) => x.id)
    if (!receiver) {
      issues.push({ path: [i, 'email', 'receiver'], message: `unknown receiver "${r.email.receiver}" (e-mail receivers under alerting.receivers: ${emails.join(', ') || 'none'})` })
    } else if (receiver.kind !== 'email') {
      issues.push({ path: [i, 'email', 'receiver'], message: `receiver "${receiver.id}" is a ${receiver.kind} receiver; reports are sent through an e-mail receiver (${emails.join(', ') || 'none configured'})` })
    }
  })
  return issues
}
