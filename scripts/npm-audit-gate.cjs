#!/usr/bin/env node
// Dependency advisory gate: runs `npm audit --omit=dev --json` (or reads a saved report) and exits
// 1 on any high or critical advisory in the shipped dependencies that is not waived, with a reason,
// in scripts/npm-audit-waivers.json, or on a waiver that no longer matches an advisory; exits 2 when
// the advisory database cannot be reached (it says so rather than passing); 0 otherwise.
//
//   node scripts/npm-audit-gate.cjs [--report FILE] [--waivers FILE]
'use strict'

const { spawnSync } = require('node:child_process')
const { existsSync, readFileSync } = require('node:fs')
const { join, resolve } = require('node:path')
const { judge, parseWaivers, unreachableReason } = require('./npm-audit-judge.cjs')

const REPO_ROOT = resolve(__dirname, '..')

function parseArgs(argv) {
  const options = { report: null, waivers: join(REPO_ROOT, 'scripts', 'npm-audit-waivers.json') }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if ((arg === '--report' || arg === '--waivers') && argv[i + 1] !== undefined) options[arg.slice(2)] = resolve(argv[++i])
    else throw new Error(`unknown or incomplete argument "${arg}" (usage: npm-audit-gate.cjs [--report FILE] [--waivers FILE])`)
  }
  return options
}

function readReport(options) {
  const text = options.report
    ? readFileSync(options.report, 'utf8')
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['audit', '--omit=dev', '--json'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout
  const where = options.report ?? 'npm audit --omit=dev --json'
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Error(`${where}: the output is not JSON (${err.message}): ${String(text).slice(0, 200)}`)
  }
}

function main() {
  let options
  let report
  let waivers
  try {
    options = parseArgs(process.argv.slice(2))
    waivers = existsSync(options.waivers) ? parseWaivers(readFileSync(options.waivers, 'utf8'), options.waivers) : []
    report = readReport(options)
  } catch (err) {
    console.error(`npm audit gate: ${err.message}`)
    return 2
  }
  const unreachable = unreachableReason(report)
  if (unreachable !== null) {
    console.error(`npm audit gate: NOT CHECKED: the advisory database could not be reached (${unreachable}); run it where the registry's audit endpoint answers`)
    return 2
  }
  let verdict
  try {
    verdict = judge(report, waivers)
  } catch (err) {
    console.error(`npm audit gate: ${err.message}`)
    return 2
  }
  for (const a of verdict.failures) console.log(`FAIL ${a.severity.padEnd(8)} ${a.package} ${a.range}: ${a.title} ${a.url}`)
  for (const a of verdict.waived) console.log(`waived ${a.severity.padEnd(6)} ${a.package}: ${a.title} ${a.url} (${waivers.find((w) => w.package === a.package && w.url === a.url).reason})`)
  for (const w of verdict.staleWaivers) console.log(`FAIL stale waiver: ${w.package} ${w.url} matches no high or critical advisory any more; remove it`)
  for (const w of verdict.expired) console.log(`note: waiver for ${w.package} ${w.url} expired on ${w.until}`)
  const others = verdict.advisories.length - verdict.failures.length - verdict.waived.length
  console.log(`npm audit gate: ${verdict.failures.length} unwaived high/critical, ${verdict.waived.length} waived, ${others} below high; ${verdict.ok ? 'PASS' : 'FAIL'}`)
  return verdict.ok ? 0 : 1
}

process.exitCode = main()
