#!/usr/bin/env node
// Security gate: scans the project with @doyensec/electronegativity (its JS API; the CLI always
// exits 0) and exits 1 on any finding of severity MEDIUM or higher that is not waived in
// scripts/electronegativity-waivers.json, on a waiver that no longer matches a finding, or on a
// source file the scanner could not parse. Runs offline.
//
//   node scripts/electronegativity-gate.cjs [--project DIR] [--waivers FILE] [--json] [--verbose]
//
// What is scanned: DIR/package.json (so the scan knows the Electron version) and DIR/src/
// (main, preload, renderer: everything that ships), without test files, copied to a temporary
// folder so nothing else in the checkout (tests, fixtures, node_modules, out/) is read.
'use strict'

const { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs')
const Module = require('node:module')
const { tmpdir } = require('node:os')
const { join, relative, resolve, sep } = require('node:path')
const { gateSeverity, judgeFindings, parseWaivers } = require('./electronegativity-judge.cjs')

const REPO_ROOT = resolve(__dirname, '..')
const WAIVERS_NAME = join('scripts', 'electronegativity-waivers.json')

/**
 * Checks excluded from the scan, each with the reason. AvailableSecurityFixesGlobalCheck downloads
 * Electron's release list (and otherwise reads a cached copy from the shared temp folder); the
 * Electron version is checked by test/electron/security-checklist.test.ts instead (item 16).
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

/** Files electronegativity reads (its own filter), used to count what was scanned. */
const SCANNED_EXTENSIONS = /\.(js|jsx|ts|tsx|html|htm)$/i
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/i

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { project: REPO_ROOT, waivers: null, json: false, verbose: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const next = argv[++i]
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`)
      return next
    }
    if (arg === '--project') options.project = resolve(value())
    else if (arg === '--waivers') options.waivers = resolve(value())
    else if (arg === '--json') options.json = true
    else if (arg === '--verbose') options.verbose = true
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`)
  }
  if (options.waivers === null) options.waivers = join(options.project, WAIVERS_NAME)
  return options
}

/**
 * The Electron version the app is built with: the installed electron package if there is one,
 * else the lowest version package.json's range allows. Without it electronegativity would assume
 * Electron 0.1.0 defaults, so a missing version is an error.
 */
function electronVersion(projectDir) {
  const installed = join(projectDir, 'node_modules', 'electron', 'package.json')
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8')).version
  const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8'))
  const range = (pkg.dependencies && pkg.dependencies.electron) || (pkg.devDependencies && pkg.devDependencies.electron)
  if (!range) throw new UsageError(`${join(projectDir, 'package.json')} has no electron dependency, so the Electron version to scan against is unknown`)
  const min = require('semver').minVersion(range)
  if (!min) throw new UsageError(`${join(projectDir, 'package.json')}: electron version range ${JSON.stringify(range)} is not valid semver`)
  return min.version
}

/** Copies package.json and src/ (no test files) into a fresh temporary folder; returns it. */
function stageProject(projectDir) {
  for (const needed of ['package.json', 'src']) {
    if (!existsSync(join(projectDir, needed))) throw new UsageError(`${projectDir} has no ${needed}; the gate scans package.json and src/`)
  }
  const stage = mkdtempSync(join(tmpdir(), 'vigil-electronegativity-'))
  cpSync(join(projectDir, 'package.json'), join(stage, 'package.json'))
  cpSync(join(projectDir, 'src'), join(stage, 'src'), {
    recursive: true,
    filter: (source) => !source.split(sep).includes('node_modules') && !TEST_FILE.test(source)
  })
  return stage
}

function listScannedFiles(dir, base = dir) {
  const files = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...listScannedFiles(path, base))
    else if (SCANNED_EXTENSIONS.test(entry.name) || entry.name === 'package.json') files.push(relative(base, path).split(sep).join('/'))
  }
  return files
}

/**
 * Makes electronegativity loadable and offline in this process: its TypeScript parser needs the
 * TypeScript 6 compiler API (the project's `typescript` is 7, which has none; TS 6 is installed as
 * the alias package `typescript6`), and `got` is replaced by a stand-in that always fails.
 */
function redirectModules() {
  const typescript6 = join(REPO_ROOT, 'node_modules', 'typescript6')
  if (!existsSync(join(typescript6, 'package.json'))) throw new UsageError(`${typescript6} is missing: install the dev dependency "typescript6" (npm:typescript@6)`)
  const offlineGot = join(__dirname, 'electronegativity-offline-got.cjs')
  const resolveFilename = Module._resolveFilename
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request === 'typescript' || request.startsWith('typescript/')) request = typescript6 + request.slice('typescript'.length)
    else if (request === 'got') request = offlineGot
    return resolveFilename.call(this, request, parent, ...rest)
  }
}

/** Runs the scan; resolves with plain findings and the files it could not parse. */
async function scan(stage, version, verbose) {
  redirectModules()
  const electronegativity = require('@doyensec/electronegativity')
  const run = electronegativity.default || electronegativity
  // The tool prints progress and fallback notices with console.log; keep stdout for the verdict.
  const said = []
  const log = console.log
  console.log = (...args) => said.push(args.join(' '))
  let result
  try {
    result = await run({ input: stage, isRelative: true, excludeFromScan: EXCLUDED_CHECKS, electronVersionOverride: version })
  } finally {
    console.log = log
  }
  if (verbose) for (const line of said) console.error(`electronegativity: ${line}`)
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    file: String(issue.file).split(sep).join('/'),
    line: issue.location ? issue.location.line : 0,
    column: issue.location ? issue.location.column : 0,
    severity: gateSeverity(issue.id, issue.severity.name),
    toolSeverity: issue.severity.name,
    confidence: issue.confidence.name,
    manualReview: Boolean(issue.manualReview),
    description: String(issue.description || '')
  }))
  const unparsed = result.errors
    .filter((e) => !e.tolerable)
    .map((e) => ({ file: relative(stage, e.file).split(sep).join('/'), message: e.message }))
  return { findings, unparsed, checks: result.globalChecks + result.atomicChecks }
}

function where(finding) {
  return `${finding.file}:${finding.line}:${finding.column}`
}

function printReport(report) {
  const { verdict } = report
  const count = (severity) => report.findings.filter((f) => f.severity === severity).length
  console.log(
    `electronegativity gate: ${report.files} files of ${report.project} (package.json + src/, no tests) as Electron ${report.electron}, ${report.checks} checks (excluded: ${EXCLUDED_CHECKS.join(', ')})`
  )
  console.log(`  findings: ${count('HIGH')} HIGH, ${count('MEDIUM')} MEDIUM, ${count('LOW')} LOW, ${count('INFORMATIONAL')} INFORMATIONAL; ${verdict.waived.length} waived`)
  for (const f of verdict.waived) console.log(`  waived  ${f.severity} ${f.id} ${where(f)}: ${f.reason}`)
  for (const f of verdict.failing) {
    const rank = f.severity === f.toolSeverity ? f.severity : `${f.severity} (electronegativity: ${f.toolSeverity})`
    console.log(`  FAIL    ${rank} ${f.id} ${where(f)} (${f.confidence}): ${f.description.split('\n')[0]}`)
  }
  for (const w of verdict.stale) console.log(`  FAIL    stale waiver ${w.id} in ${w.file}: no MEDIUM-or-higher finding matches it any more; remove it from the waiver file`)
  for (const u of report.unparsed) console.log(`  FAIL    could not parse ${u.file} (so it was not scanned): ${u.message}`)
  console.log(report.passed ? 'electronegativity gate: passed' : 'electronegativity gate: FAILED')
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const waivers = existsSync(options.waivers) ? parseWaivers(readFileSync(options.waivers, 'utf8'), relative(process.cwd(), options.waivers) || options.waivers) : []
  const version = electronVersion(options.project)
  const stage = stageProject(options.project)
  try {
    const files = listScannedFiles(stage)
    const { findings, unparsed, checks } = await scan(stage, version, options.verbose)
    const verdict = judgeFindings(findings, waivers)
    const report = { project: options.project, electron: version, files: files.length, checks, findings, unparsed, verdict, passed: verdict.passed && unparsed.length === 0 }
    if (options.json) console.log(JSON.stringify(report, null, 2))
    else printReport(report)
    return report.passed ? 0 : 1
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`electronegativity gate: ${err instanceof UsageError ? '' : 'error: '}${err.message}`)
    process.exit(err instanceof UsageError ? 2 : 1)
  }
)
