// What a printed report shows: a view over a period, on A4 in one orientation. Shared by the
// report page (it reads them from its URL), `vigil report`, the scheduled reports and Electron's
// printToPDF, so every path asks for the same page the same way. Pure: no clock, no I/O.

export type ReportOrientation = 'landscape' | 'portrait'

export interface ReportParams {
  /** Id of the view the report summarises (only `executive` has a report layout today). */
  view: string
  /** Period start and end, epoch ms (end after start). */
  from: number
  to: number
  orientation: ReportOrientation
}

/** Views a report can be made of. */
export const REPORT_VIEWS = ['executive'] as const

/** The report page's file, next to index.html in the built renderer. */
export const REPORT_PAGE = 'report.html'

/**
 * A time given on a command line or in a URL: epoch ms, or ISO 8601 (a date alone is midnight UTC).
 * Returns null when unreadable.
 */
export function parseReportTime(text: string): number | null {
  const t = text.trim()
  if (/^\d{9,}$/.test(t)) return Number(t)
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null
  const ms = Date.parse(t)
  return Number.isFinite(ms) ? ms : null
}

/** Checks a report's parameters; throws an Error naming the bad one. */
export function checkReportParams(p: ReportParams): ReportParams {
  if (!(REPORT_VIEWS as readonly string[]).includes(p.view)) {
    throw new Error(`view "${p.view}" has no report (reports exist for: ${REPORT_VIEWS.join(', ')})`)
  }
  if (!Number.isFinite(p.from) || !Number.isFinite(p.to)) throw new Error('from and to must be times')
  if (!(p.to > p.from)) throw new Error(`"to" (${new Date(p.to).toISOString()}) must be after "from" (${new Date(p.from).toISOString()})`)
  if (p.orientation !== 'landscape' && p.orientation !== 'portrait') {
    throw new Error(`orientation must be landscape or portrait, got "${String(p.orientation)}"`)
  }
  return p
}

/** The report page's query string (without "?"), e.g. `view=executive&from=…&to=…&orientation=landscape`. */
export function reportQuery(p: ReportParams): string {
  return `view=${encodeURIComponent(p.view)}&from=${p.from}&to=${p.to}&orientation=${p.orientation}`
}

/** Reads a report page's query string (with or without "?"); throws an Error naming what is wrong. */
export function parseReportQuery(search: string): ReportParams {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search)
  const time = (name: 'from' | 'to'): number => {
    const raw = q.get(name)
    if (raw === null || raw === '') throw new Error(`the report needs "${name}" (epoch ms or ISO 8601)`)
    const ms = parseReportTime(raw)
    if (ms === null) throw new Error(`"${name}" is "${raw}": expected epoch ms or an ISO 8601 time`)
    return ms
  }
  const orientation = q.get('orientation') ?? 'landscape'
  return checkReportParams({ view: q.get('view') ?? 'executive', from: time('from'), to: time('to'), orientation: orientation as ReportOrientation })
}

/** A4 in millimetres, by orientation (width × height). */
export function a4Size(orientation: ReportOrientation): { widthMm: number; heightMm: number } {
  return orientation === 'landscape' ? { widthMm: 297, heightMm: 210 } : { widthMm: 210, heightMm: 297 }
}
