import { describe, expect, it } from 'vitest'
import { BUILT_IN_VIEW_IDS, type PanelConfig, type ViewConfig } from '@shared/config/views-schema'
import type { IngestSample } from '@shared/types'
import { DEFAULT_CONFIG_YAML } from '../config/default-config'
import { parseConfigText } from '../config/parse-config'
import { ConfigError } from '../config/config-error'
import { defaultProgrammeStart, demoValuesAt } from '../sources/demo/model'
import { HostSource } from '../sources/host/host-source'
import { createFakeContext } from '../../../test/helpers/fake-context'
import { BUILT_IN_VIEW_SOURCES, builtInViews, parseViewText } from './built-in-views'
import { createViewsApi, mergeViews } from './views-api'

const config = (yaml: string) => parseConfigText(yaml, '/test/vigil.yaml')

/** KPI ids a panel refers to. */
function kpiRefs(panel: PanelConfig): string[] {
  if (panel.type === 'kpi' || panel.type === 'kpi-chart') return [panel.kpi]
  if (panel.type === 'kpi-list' || panel.type === 'process') return panel.kpis
  return []
}

/** Series (and the label each is grouped or split by) a panel reads directly. */
function seriesRefs(panel: PanelConfig): { series: string; label?: string }[] {
  switch (panel.type) {
    case 'chart':
      return panel.series.map((s) => ({ series: typeof s === 'string' ? s : s.series, label: panel.group_by }))
    case 'stat':
      return [{ series: panel.series }]
    case 'status-grid':
      return [{ series: panel.up, label: panel.by }, ...panel.degraded.map((d) => ({ series: d.series, label: panel.by }))]
    case 'table':
      return panel.columns.map((c) => ({ series: c.series, label: panel.by }))
    case 'sources': {
      const p = panel.pipelines
      return p ? [p.lag, p.errors, p.throughput].filter((s): s is string => s !== undefined).map((series) => ({ series, label: p.by })) : []
    }
    default:
      return []
  }
}

describe('built-in views', () => {
  it('parse against the view schema, in playlist order', () => {
    const views = builtInViews()
    expect(views.map((v) => v.id)).toEqual([...BUILT_IN_VIEW_IDS])
    for (const v of views) expect(v.panels.length).toBeGreaterThan(3)
    // Every call gets its own copy: a caller cannot change what the next one sees.
    views[0].panels.length = 0
    expect(builtInViews()[0].panels.length).toBeGreaterThan(3)
  })

  it('fill their rows exactly: each row of the 12-column grid adds up to 12, all panels one row high', () => {
    for (const view of builtInViews()) {
      const widths = view.panels.map((p) => p.width)
      expect(widths.every((w) => w !== undefined), `${view.id}: every panel sets its width`).toBe(true)
      expect(view.panels.every((p) => (p.height ?? 1) === 1), view.id).toBe(true)
      const rows: number[] = []
      let current = 0
      for (const w of widths as number[]) {
        current += w
        if (current === 12) {
          rows.push(12)
          current = 0
        }
        expect(current, `${view.id}: a row overflows 12 columns`).toBeLessThan(12)
      }
      expect(current, `${view.id}: the last row is incomplete`).toBe(0)
      expect(rows.length, `${view.id}: rows`).toBe(view.rows)
    }
  })

  it('name only KPIs defined in the default config (resources/vigil.default.yaml)', () => {
    const defined = new Set(config(DEFAULT_CONFIG_YAML).kpis.map((k) => k.id))
    const missing = builtInViews().flatMap((v) => v.panels.flatMap(kpiRefs).filter((id) => !defined.has(id)).map((id) => `${v.id}: ${id}`))
    expect(missing).toEqual([])
  })

  it('name only series (and labels) the demo scenario or the host source writes', async () => {
    const start = defaultProgrammeStart(Date.UTC(2025, 5, 4))
    const samples: IngestSample[] = demoValuesAt(42, start + 100 * 86_400_000, start)
    const ctx = createFakeContext()
    await new HostSource('host', { cpuPrimeMs: 50 }).poll(ctx)
    samples.push(...ctx.samples)
    const problems: string[] = []
    for (const view of builtInViews()) {
      for (const panel of view.panels) {
        for (const { series, label } of seriesRefs(panel)) {
          const found = samples.filter((s) => s.name === series)
          if (found.length === 0) problems.push(`${view.id}/${panel.id}: no series "${series}"`)
          else if (label !== undefined && !found.some((s) => label in s.labels)) problems.push(`${view.id}/${panel.id}: "${series}" has no label "${label}"`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('report a broken view file with the file and the key path', () => {
    expect(() => parseViewText('id: x\ntitle: X\npanels: [{ type: kpi }]\n', 'resources/views/x.yaml')).toThrow(
      /^resources\/views\/x\.yaml: invalid view: panels\.0\.kpi: /
    )
    expect(() => parseViewText('id: [', 'resources/views/y.yaml')).toThrow(/^resources\/views\/y\.yaml: YAML syntax: /)
    expect(BUILT_IN_VIEW_SOURCES.map((s) => s.file)).toEqual(BUILT_IN_VIEW_IDS.map((id) => `resources/views/${id}.yaml`))
  })
})

describe('getViews', () => {
  const KPIS = `
kpis:
  - { id: roi, name: ROI, formula: a / b, dimension: business }
  - { id: uptime, name: Uptime, formula: up * 100, dimension: technical }
`

  it('without configured views: the built-ins, playlist = all of them, wallboard times in ms', async () => {
    const api = createViewsApi({ config: () => config('version: 1\n') })
    const result = await api.getViews({})
    expect(result.views).toEqual(builtInViews())
    expect(result.wallboard).toEqual({ playlist: ['executive', 'operational', 'technical', 'models'], intervalMs: 30_000, staleAfterMs: 120_000 })
  })

  it('a configured view with a built-in id replaces it in place; others are appended in config order', async () => {
    const cfg = config(`${KPIS}
views:
  - { id: noc, title: NOC, panels: [{ type: kpi, kpi: uptime }] }
  - { id: operational, title: My operations, rows: 2, panels: [{ type: kpi, kpi: roi }] }
  - { id: board, title: Board, panels: [{ type: milestones }] }
wallboard: { interval: 1m, stale_after: 5m }
`)
    const result = await createViewsApi({ config: () => cfg }).getViews({})
    expect(result.views.map((v) => [v.id, v.title])).toEqual([
      ['executive', 'Executive'],
      ['operational', 'My operations'],
      ['technical', 'Technical'],
      ['models', 'Models & capacity'],
      ['noc', 'NOC'],
      ['board', 'Board']
    ])
    expect(result.views[1].rows).toBe(2)
    expect(result.wallboard).toEqual({ playlist: ['executive', 'operational', 'technical', 'models', 'noc', 'board'], intervalMs: 60_000, staleAfterMs: 300_000 })
  })

  it('follows the config as it is reloaded, and uses a configured playlist as given', async () => {
    let cfg = config('version: 1\n')
    const api = createViewsApi({ config: () => cfg })
    expect((await api.getViews({})).views).toHaveLength(4)
    cfg = config(`${KPIS}
views: [{ id: noc, title: NOC, panels: [{ type: kpi, kpi: uptime }] }]
wallboard: { playlist: [noc, technical, noc] }
`)
    const result = await api.getViews({})
    expect(result.views.map((v) => v.id)).toEqual(['executive', 'operational', 'technical', 'models', 'noc'])
    expect(result.wallboard.playlist).toEqual(['noc', 'technical', 'noc'])
  })

  it('mergeViews leaves its inputs alone', () => {
    const builtIns = builtInViews()
    const own: ViewConfig = { id: 'technical', title: 'Mine', rows: 1, panels: [{ type: 'milestones' }] }
    const before = JSON.stringify(builtIns)
    expect(mergeViews(builtIns, [own]).map((v) => v.title)).toEqual(['Executive', 'Operational', 'Mine', 'Models & capacity'])
    expect(JSON.stringify(builtIns)).toBe(before)
  })
})

describe('wallboard playlist in vigil.yaml', () => {
  it('refuses unknown view ids at config time, naming the entry and the known views', () => {
    const yaml = `views: [{ id: noc, title: NOC, panels: [{ type: milestones }] }]
wallboard:
  playlist: [executive, nocc, noc]
`
    let error: unknown
    try {
      config(yaml)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('wallboard.playlist[1]')
    expect(message).toContain('unknown view "nocc" (known: executive, operational, technical, models, noc)')
    expect(message).toMatch(/:3:/) // the line of the playlist
    expect(message).not.toContain('"executive"')
  })

  it('accepts built-in and configured ids', () => {
    const cfg = config(`views: [{ id: noc, title: NOC, panels: [{ type: milestones }] }]
wallboard: { playlist: [technical, noc] }
`)
    expect(cfg.wallboard.playlist).toEqual(['technical', 'noc'])
  })
})
