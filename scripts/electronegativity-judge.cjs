// The electronegativity gate's verdict, kept apart from the scan so it can be tested alone:
// which findings fail the build, which are waived, and which waivers no longer match anything.
'use strict'

/** Severities as electronegativity ranks them (its severity.value). */
const SEVERITY_RANK = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 }

/** Findings at or above this rank fail the gate unless waived. */
const GATE_RANK = SEVERITY_RANK.MEDIUM

/**
 * Checks whose findings the gate ranks higher than electronegativity does. It reports an explicit
 * `nodeIntegration: true` (or a <webview nodeintegration>) as INFORMATIONAL; Node.js in a renderer
 * is Electron checklist item 2, so here it is HIGH.
 */
const RAISED_SEVERITY = { NODE_INTEGRATION_JS_CHECK: 'HIGH', NODE_INTEGRATION_HTML_CHECK: 'HIGH' }

/** The severity the gate judges a finding by: the tool's, or higher for RAISED_SEVERITY checks. */
function gateSeverity(id, toolSeverity) {
  const raised = RAISED_SEVERITY[id]
  return raised !== undefined && SEVERITY_RANK[raised] > SEVERITY_RANK[toolSeverity] ? raised : toolSeverity
}

/** A reason shorter than this is not a reviewed explanation. */
const MIN_REASON_LENGTH = 20

/**
 * Parses and checks the waiver file's JSON text; throws naming the file and the entry when it is
 * malformed. Shape: { "waivers": [ { "id": CHECK_ID, "file": "src/…", "reason": "…" } ] }.
 */
function parseWaivers(text, fileName) {
  let data
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new Error(`${fileName}: not valid JSON (${err.message})`)
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${fileName}: expected an object with a "waivers" array`)
  for (const key of Object.keys(data)) {
    if (key !== 'waivers' && key !== '$comment') throw new Error(`${fileName}: unknown top-level key "${key}" (expected "waivers" and optionally "$comment")`)
  }
  if (!Array.isArray(data.waivers)) throw new Error(`${fileName}: "waivers" must be an array`)
  const seen = new Set()
  return data.waivers.map((entry, i) => {
    const where = `${fileName}: waivers[${i}]`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where}: expected an object with id, file and reason`)
    for (const key of Object.keys(entry)) {
      if (!['id', 'file', 'reason'].includes(key)) throw new Error(`${where}: unknown key "${key}" (expected id, file, reason)`)
    }
    if (typeof entry.id !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(entry.id)) throw new Error(`${where}: "id" must be an electronegativity check id such as OPEN_EXTERNAL_JS_CHECK`)
    if (typeof entry.file !== 'string' || entry.file === '' || entry.file.includes('\\') || entry.file.startsWith('/')) {
      throw new Error(`${where}: "file" must be a project-relative path with forward slashes, e.g. src/main/electron/window.ts`)
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`${where} (${entry.id} in ${entry.file}): "reason" must say why the finding is safe (at least ${MIN_REASON_LENGTH} characters)`)
    }
    const key = `${entry.id} ${entry.file}`
    if (seen.has(key)) throw new Error(`${where}: a second waiver for ${entry.id} in ${entry.file}`)
    seen.add(key)
    return { id: entry.id, file: entry.file, reason: entry.reason.trim() }
  })
}

/**
 * Splits the findings ({ id, file, line, column, severity, confidence, description }) into those
 * below the gate, those waived and those that fail it; a waiver that matches no gated finding is
 * stale, which fails the gate too (so waivers cannot outlive the code they excused).
 */
function judgeFindings(findings, waivers) {
  const below = []
  const waived = []
  const failing = []
  const used = new Set()
  for (const finding of findings) {
    const rank = SEVERITY_RANK[finding.severity]
    if (rank === undefined) throw new Error(`finding ${finding.id} in ${finding.file} has an unknown severity ${JSON.stringify(finding.severity)}`)
    if (rank < GATE_RANK) {
      below.push(finding)
      continue
    }
    const waiver = waivers.find((w) => w.id === finding.id && w.file === finding.file)
    if (waiver) {
      used.add(waiver)
      waived.push({ ...finding, reason: waiver.reason })
    } else {
      failing.push(finding)
    }
  }
  const stale = waivers.filter((w) => !used.has(w))
  return { below, waived, failing, stale, passed: failing.length === 0 && stale.length === 0 }
}

module.exports = { SEVERITY_RANK, GATE_RANK, MIN_REASON_LENGTH, RAISED_SEVERITY, gateSeverity, parseWaivers, judgeFindings }
