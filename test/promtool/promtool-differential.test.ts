// Differential test: Vigil's rule evaluator against Prometheus. Generated threshold and rate
// scenarios run through evaluateRule at every evaluation time; what Vigil says is firing (labels
// and annotations) becomes the expected alerts of a `promtool test rules` file, and promtool must
// agree at every one of those times. Also checks the template functions against Go's output.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlertInstance } from '@shared/alerts'
import { evaluateRule, renderTemplate, ruleQueries, type RuleData } from '../../src/main/alerts/rules'
import { hasPrograms } from '../helpers/system-program'
import { promRule, rulesYaml, selector, testYaml, type ExpectedAt, type PromRule, type TestGroup } from './promtool-files'
import { generateScenario, pointsIn, type Scenario } from './scenarios'
import { seededRandom } from './seeded-random'

const PROMTOOL = '/usr/bin/promtool'
const DURATION_MS = 30 * 60_000
const SEED = 20_260_604

interface Coverage {
  firingEvaluations: number
  fired: number
  resolved: number
  pendingLapsed: number
  keptFiring: number
  silentEvaluations: number
}

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}

/** Steps Vigil's evaluator through a scenario; returns what fires at each evaluation time. */
function simulate(s: Scenario, evalIntervalMs: number, cov: Coverage): ExpectedAt[] {
  let instances = new Map<string, AlertInstance>()
  const out: ExpectedAt[] = []
  for (let t = 0; t <= DURATION_MS; t += evalIntervalMs) {
    const data: RuleData[] = ruleQueries(s.rule, t).map((q) => {
      if (q.kind !== 'samples') throw new Error(`unexpected ${q.kind} query`)
      // Every sample of the series, before and after the window: the evaluator's own window must pick (from, to].
      return { kind: 'samples', series: s.series.map((ser) => ({ labels: ser.labels, points: pointsIn(ser, s.seriesIntervalMs, -Infinity, Infinity) })) }
    })
    const result = evaluateRule(s.rule, instances, { data }, t)
    if (result.health.state !== 'ok') throw new Error(`${s.name} at ${t}: ${result.health.error}`)
    for (const tr of result.transitions) {
      if (tr.to === 'firing') cov.fired++
      if (tr.to === 'resolved') cov.resolved++
      if (tr.to === 'inactive') cov.pendingLapsed++
    }
    instances = result.instances
    const firing = [...instances.values()].filter((a) => a.state === 'firing')
    cov.keptFiring += firing.filter((a) => a.keepFiringSince !== null).length
    if (firing.length > 0) cov.firingEvaluations++
    else cov.silentEvaluations++
    out.push({ t, firing })
  }
  return out
}

// Values chosen for Go's formatting corners: exact ties (half-to-even), prefixes, negatives, tiny and huge.
const TEMPLATE_VALUES = [10.125, 0.5, 1.5, 2.5, 2.675, 1234.5, 999_950, 1e-7, 123_456_789, -42.42, 0.0625, 259_205, 1_048_576, 0.000123456, 0, 86_399.5, 12_345]
const TEMPLATES: Record<string, string> = {
  humanize: '{{ humanize $value }}',
  humanize1024: '{{ humanize1024 $value }}',
  percentage: '{{ humanizePercentage $value }}',
  duration: '{{ humanizeDuration $value }}',
  fixed: '{{ printf "%.2f" $value }}',
  rounded: '{{ printf "%.0f" $value }}',
  general: '{{ $value | printf "%g" }}',
  exp: '{{ printf "%.3e" $value }}'
}

function templateGroup(): { rule: PromRule; group: TestGroup } {
  const cases = TEMPLATE_VALUES.map((value, i) => ({ labels: { case: `c${String(i).padStart(2, '0')}` }, value }))
  const firing = cases.map(
    (c): AlertInstance => ({
      id: c.labels.case,
      rule: 'VigilTemplates',
      severity: 'info',
      state: 'firing',
      labels: { ...c.labels, alertname: 'VigilTemplates' },
      annotations: Object.fromEntries(Object.entries(TEMPLATES).map(([k, t]) => [k, renderTemplate(t, { value: c.value, labels: c.labels })])),
      value: c.value,
      activeAt: 0,
      firedAt: 0,
      resolvedAt: null,
      lastEvalAt: 0,
      keepFiringSince: null
    })
  )
  return {
    rule: { alert: 'VigilTemplates', expr: 'vigil_templates', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: TEMPLATES },
    group: {
      name: 'templates',
      intervalMs: 60_000,
      series: cases.map((c) => ({ selector: selector('vigil_templates', c.labels), values: [c.value] })),
      alertname: 'VigilTemplates',
      expected: [{ t: 0, firing }]
    }
  }
}

/** Major.minor of `promtool --version`, e.g. [2, 42]. */
async function promtoolVersion(): Promise<[number, number]> {
  const { output } = await run(['--version'])
  const m = /version (\d+)\.(\d+)/.exec(output)
  if (!m) throw new Error(`cannot read the promtool version from: ${output.slice(0, 200)}`)
  return [Number(m[1]), Number(m[2])]
}

describe.skipIf(!hasPrograms('Prometheus differential', [PROMTOOL], 'install the Debian package "prometheus"'))('Vigil rules vs promtool test rules', () => {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-promtool-'))
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('fires exactly when Prometheus fires, at every evaluation time of 44 generated scenarios', async () => {
    const [major, minor] = await promtoolVersion()
    // keep_firing_for arrived in Prometheus 2.42; an older promtool checks `for` only.
    const keepFiring = major > 2 || minor >= 42
    if (!keepFiring) console.warn(`promtool ${major}.${minor} has no keep_firing_for: only \`for\` is checked against Prometheus`)

    const rng = seededRandom(SEED)
    const cov: Coverage = { firingEvaluations: 0, fired: 0, resolved: 0, pendingLapsed: 0, keptFiring: 0, silentEvaluations: 0 }
    const files: string[] = []
    let firstGroups: TestGroup[] = []
    const plan = [
      { evalIntervalMs: 60_000, count: 30, file: 'eval-1m' },
      { evalIntervalMs: 30_000, count: 14, file: 'eval-30s' }
    ]
    let index = 0
    for (const { evalIntervalMs, count, file } of plan) {
      const rules: PromRule[] = []
      const groups: TestGroup[] = []
      for (let i = 0; i < count; i++) {
        const s = generateScenario(rng, ++index, evalIntervalMs, DURATION_MS)
        if (!keepFiring) s.rule.keep_firing_for = 0
        rules.push(promRule(s))
        groups.push({
          name: s.name,
          intervalMs: s.seriesIntervalMs,
          series: s.series.map((ser) => ({ selector: selector(s.metric, ser.labels), values: ser.values })),
          alertname: s.name,
          expected: simulate(s, evalIntervalMs, cov)
        })
      }
      if (evalIntervalMs === 60_000) {
        const t = templateGroup()
        rules.push(t.rule)
        groups.push(t.group)
      }
      writeFileSync(join(dir, `${file}.rules.yml`), rulesYaml(rules))
      writeFileSync(join(dir, `${file}.test.yml`), testYaml(`${file}.rules.yml`, evalIntervalMs, groups))
      files.push(join(dir, `${file}.test.yml`))
      if (firstGroups.length === 0) firstGroups = groups
    }

    const result = await run(['test', 'rules', ...files])
    expect(result.code, `promtool disagrees with Vigil:\n${result.output.slice(0, 20_000)}`).toBe(0)
    expect(result.output).toContain('SUCCESS')

    // The scenarios must exercise the state machine, or agreement would mean little.
    expect(cov.fired).toBeGreaterThan(20)
    expect(cov.resolved).toBeGreaterThan(10)
    expect(cov.pendingLapsed).toBeGreaterThan(3)
    if (keepFiring) expect(cov.keptFiring).toBeGreaterThan(3)
    expect(cov.firingEvaluations).toBeGreaterThan(100)
    expect(cov.silentEvaluations).toBeGreaterThan(100)

    // Negative control: one wrong expectation must make promtool fail, naming that alert.
    const [victim] = firstGroups
    const quiet = victim.expected.find((e) => e.firing.length === 0) ?? victim.expected[0]
    const bogus: AlertInstance = { ...(firstGroups.flatMap((g) => g.expected.flatMap((e) => e.firing))[0] as AlertInstance) }
    bogus.labels = { alertname: victim.alertname, instance: 'not-a-series' }
    const broken = { ...victim, expected: [{ t: quiet.t, firing: [...quiet.firing, bogus] }] }
    writeFileSync(join(dir, 'broken.test.yml'), testYaml('eval-1m.rules.yml', 60_000, [broken]))
    const control = await run(['test', 'rules', join(dir, 'broken.test.yml')])
    expect(control.code).not.toBe(0)
    expect(control.output).toContain(`alertname: ${victim.alertname}`)
  })
})
