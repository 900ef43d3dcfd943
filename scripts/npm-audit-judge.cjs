// The npm audit gate's judgement, apart from running npm so it can be tested on saved reports:
// which advisories of `npm audit --omit=dev --json` (report version 2) fail the gate, given the
// documented waivers in scripts/npm-audit-waivers.json.
'use strict'

const GATED = new Set(['high', 'critical'])

/** The advisories in a report: one per (package, advisory), with its severity, title and URL. */
function advisoriesOf(report) {
  if (!report || typeof report !== 'object') throw new Error('the audit report is not a JSON object')
  if (report.auditReportVersion !== 2 || typeof report.vulnerabilities !== 'object' || report.vulnerabilities === null) {
    throw new Error('the audit report is not npm audit --json output (auditReportVersion 2 with "vulnerabilities")')
  }
  const out = []
  for (const [name, v] of Object.entries(report.vulnerabilities)) {
    // `via` lists advisories (objects) and the packages through which one reaches this one (strings);
    // the advisory itself is listed under the package it is in.
    for (const via of Array.isArray(v.via) ? v.via : []) {
      if (typeof via !== 'object' || via === null) continue
      out.push({ package: via.name ?? name, severity: String(via.severity ?? v.severity), title: String(via.title ?? ''), url: String(via.url ?? ''), range: String(via.range ?? '') })
    }
  }
  const seen = new Set()
  return out.filter((a) => {
    const key = `${a.package} ${a.url}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Reads the waivers file's content: a list of { package, url, reason, until? }; throws naming what is wrong. */
function parseWaivers(text, where) {
  let list
  try {
    list = JSON.parse(text)
  } catch (err) {
    throw new Error(`${where}: not valid JSON: ${err.message}`)
  }
  if (!Array.isArray(list)) throw new Error(`${where}: must be a list of { package, url, reason, until? }`)
  return list.map((w, i) => {
    const at = `${where}[${i}]`
    if (!w || typeof w !== 'object') throw new Error(`${at}: must be an object`)
    for (const key of ['package', 'url', 'reason']) {
      if (typeof w[key] !== 'string' || w[key].trim() === '') throw new Error(`${at}: "${key}" must be a non-empty string`)
    }
    if (w.until !== undefined && (typeof w.until !== 'string' || Number.isNaN(Date.parse(w.until)))) throw new Error(`${at}: "until" must be a date such as 2027-03-31`)
    return { package: w.package, url: w.url, reason: w.reason, until: w.until }
  })
}

/**
 * The verdict: `failures` are high/critical advisories with no current waiver; `waived` those with
 * one; `staleWaivers` waivers that match nothing any more (they must go, so the list stays true).
 */
function judge(report, waivers, now = Date.now()) {
  const advisories = advisoriesOf(report)
  const current = waivers.filter((w) => w.until === undefined || Date.parse(w.until) >= now)
  const expired = waivers.filter((w) => !current.includes(w))
  const matches = (w, a) => w.package === a.package && w.url === a.url
  const gated = advisories.filter((a) => GATED.has(a.severity))
  const failures = gated.filter((a) => !current.some((w) => matches(w, a)))
  const waived = gated.filter((a) => current.some((w) => matches(w, a)))
  const staleWaivers = current.filter((w) => !gated.some((a) => matches(w, a)))
  return { advisories, failures, waived, staleWaivers, expired, ok: failures.length === 0 && staleWaivers.length === 0 }
}

/** The report npm prints when it could not reach the advisory database (it still exits 1 with JSON). */
function unreachableReason(report) {
  if (report && typeof report === 'object' && report.auditReportVersion === undefined && (typeof report.statusCode === 'number' || report.error)) {
    const message = report.message ?? report.error?.summary ?? report.error?.code ?? 'unknown error'
    return String(message)
  }
  return null
}

module.exports = { advisoriesOf, judge, parseWaivers, unreachableReason, GATED }
