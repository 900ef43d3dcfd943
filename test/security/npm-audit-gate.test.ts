// The dependency advisory gate on saved `npm audit --json` reports: high and critical advisories
// fail unless waived with a reason, stale and expired waivers are reported, and an unreachable
// advisory database is "not checked" (exit 2), never a pass. (The live check needs the registry's
// audit endpoint, which this network refuses: see README, Security notes.)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
interface Advisory {
  package: string
  severity: string
  title: string
  url: string
  range: string
}
interface Waiver {
  package: string
  url: string
  reason: string
  until?: string
}
const { judge, parseWaivers, unreachableReason } = require('../../scripts/npm-audit-judge.cjs') as {
  judge(report: unknown, waivers: Waiver[], now?: number): { ok: boolean; failures: Advisory[]; waived: Advisory[]; staleWaivers: Waiver[]; expired: Waiver[]; advisories: Advisory[] }
  parseWaivers(text: string, where: string): Waiver[]
  unreachableReason(report: unknown): string | null
}
const GATE = join(__dirname, '..', '..', 'scripts', 'npm-audit-gate.cjs')

/** A report as npm 11 writes it: an advisory under its package, reached from a direct dependency. */
function report(severity: string, extra: Record<string, unknown> = {}) {
  return {
    auditReportVersion: 2,
    vulnerabilities: {
      'tiny-lib': {
        name: 'tiny-lib',
        severity,
        isDirect: false,
        via: [{ source: 1001, name: 'tiny-lib', dependency: 'tiny-lib', title: 'Prototype pollution in merge', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity, range: '<2.0.1' }],
        effects: ['big-lib'],
        range: '<2.0.1',
        nodes: ['node_modules/tiny-lib'],
        fixAvailable: true
      },
      'big-lib': { name: 'big-lib', severity, isDirect: true, via: ['tiny-lib'], effects: [], range: '1.x', nodes: ['node_modules/big-lib'], fixAvailable: true },
      ...extra
    },
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 1 } }
  }
}
const waiver = { package: 'tiny-lib', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', reason: 'merge() is never given untrusted input' }

describe('npm audit gate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  function gate(reportJson: unknown, waivers: unknown[] = []) {
    const reportFile = join(dir, 'report.json')
    const waiversFile = join(dir, 'waivers.json')
    writeFileSync(reportFile, JSON.stringify(reportJson))
    writeFileSync(waiversFile, JSON.stringify(waivers))
    const r = spawnSync(process.execPath, [GATE, '--report', reportFile, '--waivers', waiversFile], { encoding: 'utf8' })
    return { code: r.status, out: `${r.stdout}${r.stderr}` }
  }

  it('fails on a high or critical advisory, counting it once (not again for the package that depends on it)', () => {
    for (const severity of ['high', 'critical']) {
      const verdict = judge(report(severity), [])
      expect(verdict.ok).toBe(false)
      expect(verdict.failures).toEqual([{ package: 'tiny-lib', severity, title: 'Prototype pollution in merge', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', range: '<2.0.1' }])
      const run = gate(report(severity))
      expect(run.code).toBe(1)
      expect(run.out).toContain(`FAIL ${severity}`)
      expect(run.out).toContain('tiny-lib <2.0.1: Prototype pollution in merge https://github.com/advisories/GHSA-aaaa-bbbb-cccc')
    }
  })

  it('passes moderate and lower advisories and a clean report', () => {
    expect(judge(report('moderate'), []).ok).toBe(true)
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: {} }
    const run = gate(clean)
    expect(run.code).toBe(0)
    expect(run.out).toContain('0 unwaived high/critical, 0 waived, 0 below high; PASS')
  })

  it('passes a waived advisory, showing the reason; fails a stale waiver; ignores an expired one', () => {
    const run = gate(report('high'), [waiver])
    expect(run.code).toBe(0)
    expect(run.out).toContain('merge() is never given untrusted input')
    const stale = gate({ auditReportVersion: 2, vulnerabilities: {} }, [waiver])
    expect(stale.code).toBe(1)
    expect(stale.out).toContain('stale waiver: tiny-lib')
    const expired = judge(report('critical'), [{ ...waiver, until: '2026-01-31' }], Date.parse('2026-11-30'))
    expect(expired.ok).toBe(false)
    expect(expired.expired).toHaveLength(1)
  })

  it('says "not checked" (exit 2) when the advisory database cannot be reached, as on this network', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '' }
    expect(unreachableReason(refused)).toContain('405')
    const run = gate(refused)
    expect(run.code).toBe(2)
    expect(run.out).toContain('NOT CHECKED: the advisory database could not be reached (405 Method Not Allowed')
  })

  it('refuses a waiver without a reason and a report that is not npm audit output, saying where', () => {
    expect(() => parseWaivers(JSON.stringify([{ package: 'x', url: 'u' }]), 'w.json')).toThrow('w.json[0]: "reason" must be a non-empty string')
    expect(() => parseWaivers('{', 'w.json')).toThrow('w.json: not valid JSON')
    expect(() => parseWaivers(JSON.stringify([{ ...waiver, until: 'soon' }]), 'w.json')).toThrow('w.json[0]: "until" must be a date')
    expect(() => judge({ vulnerabilities: {} }, [])).toThrow('not npm audit --json output')
    const run = gate({ auditReportVersion: 2, vulnerabilities: {} }, [{ package: 'x' }])
    expect(run.code).toBe(2)
    expect(run.out).toContain('"url" must be a non-empty string')
  })
})
