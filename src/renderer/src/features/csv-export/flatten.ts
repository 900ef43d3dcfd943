// A panel's data as one table, from its contract calls' answers: time series as
// `time,series,<label keys…>,value` (one row per point; label keys are the union over the
// series), tables as their rows (KPIs, milestones, events, sources), anything else as
// `path,value` pairs. Times are ISO 8601 UTC. Pure.
import type { ResultOf } from '@shared/api'
import type { Annotation } from '@shared/annotations'
import type { ForecastView } from '@shared/analytics'
import type { KpiValue, MilestoneSummary } from '@shared/kpi'
import type { Health, LatestValue, Point, QueryResult } from '@shared/types'
import type { ContractCall, PanelPlan } from '@shared/views/panel-requests'
import { panelKpiIds } from '@shared/views/panel-requests'
import type { CsvCell, CsvTable } from './csv-text'

/** A call and its answer. */
export interface Answered {
  call: ContractCall
  answer: unknown
}

/** One line of a time series table before its label columns are laid out. */
interface SeriesPoint {
  ts: number
  series: string
  labels: Record<string, string>
  value: number
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString())

/** The points of a time series answer (queryRange, queryGrouped, latest), with their labels. */
export function seriesPoints({ call, answer }: Answered): SeriesPoint[] {
  switch (call.method) {
    case 'queryRange': {
      const r = answer as QueryResult
      const labels = call.args.labels ?? {}
      return r.points.map(([ts, value]: Point) => ({ ts, series: r.series, labels, value }))
    }
    case 'queryGrouped': {
      const r = answer as ResultOf<'queryGrouped'>
      const base = call.args.labels ?? {}
      return r.groups.flatMap((g) => g.points.map(([ts, value]) => ({ ts, series: r.series, labels: { ...base, [r.by]: g.value }, value })))
    }
    case 'latest':
      return (answer as LatestValue[]).map((v) => ({ ts: v.ts, series: v.series, labels: v.labels, value: v.value }))
    default:
      return []
  }
}

/** Points as `time,series,<label keys…>,value`, sorted by series, labels, then time. */
export function seriesTable(points: readonly SeriesPoint[]): CsvTable {
  const keys = [...new Set(points.flatMap((p) => Object.keys(p.labels)))].sort()
  const labelText = (p: SeriesPoint): string => keys.map((k) => p.labels[k] ?? '').join('\u0000')
  const sorted = [...points].sort((a, b) => a.series.localeCompare(b.series) || labelText(a).localeCompare(labelText(b)) || a.ts - b.ts)
  return {
    header: ['time', 'series', ...keys, 'value'],
    rows: sorted.map((p) => [iso(p.ts), p.series, ...keys.map((k) => p.labels[k] ?? null), p.value])
  }
}

/** KPIs as rows, in the order of `ids` (those the panel shows). */
export function kpiTable(kpis: readonly KpiValue[], ids: readonly string[]): CsvTable {
  const byId = new Map(kpis.map((k) => [k.id, k]))
  const shown = ids.map((id) => byId.get(id)).filter((k): k is KpiValue => k !== undefined)
  return {
    header: ['id', 'name', 'value', 'unit', 'status', 'target', 'baseline', 'change_vs_baseline_pct', 'trend_change_pct', 'at', 'error'],
    rows: shown.map((k) => [k.id, k.name, k.value, k.unit, k.status, k.target, k.baseline, k.changeVsBaselinePct, k.trendChangePct, iso(k.at), k.error?.message ?? null])
  }
}

/** A KPI's trend as a time series (series = the KPI id). */
export function kpiTrendTable(kpis: readonly KpiValue[], id: string): CsvTable {
  const kpi = kpis.find((k) => k.id === id)
  return seriesTable((kpi?.trend ?? []).map(([ts, value]) => ({ ts, series: id, labels: {}, value })))
}

export function milestoneTable(summary: MilestoneSummary): CsvTable {
  return {
    header: ['id', 'name', 'owner', 'planned', 'completed', 'forecast', 'state', 'days_left'],
    rows: summary.milestones.map((m) => [m.id, m.name, m.owner, iso(m.planned), iso(m.completed), iso(m.forecast), m.state, m.daysLeft])
  }
}

export function annotationTable(annotations: readonly Annotation[]): CsvTable {
  return {
    header: ['time', 'end_time', 'kind', 'title', 'text'],
    rows: annotations.map((a) => [iso(a.ts), iso(a.endTs ?? null), a.kind, a.title, a.text ?? null])
  }
}

export function healthTable(health: Health): CsvTable {
  return {
    header: ['source', 'kind', 'state', 'last_success', 'last_error', 'samples'],
    rows: health.sources.map((s) => [s.id, s.kind, s.state, iso(s.lastSuccessAt), s.lastError, s.samples])
  }
}

/** A forecast: its fitted history, then each future step with its bands. */
export function forecastTable(f: ForecastView): CsvTable {
  const levels = f.bands.map((b) => b.level)
  const bandCols = levels.flatMap((l) => [`lower_${l}`, `upper_${l}`])
  const blank = bandCols.map(() => null)
  return {
    header: ['time', 'kind', 'value', ...bandCols],
    rows: [
      ...f.history.map(([ts, v]): CsvCell[] => [iso(ts), 'history', v, ...blank]),
      ...f.ts.map((ts, i): CsvCell[] => [iso(ts), 'forecast', f.mean[i], ...f.bands.flatMap((b) => [b.lower[i], b.upper[i]])])
    ]
  }
}

/** Any JSON answer as `path,value` rows (leaves only; array items by index). */
export function pathTable(answer: unknown): CsvTable {
  const rows: CsvCell[][] = []
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`))
    else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) walk(item, path ? `${path}.${k}` : k)
    else rows.push([path, v === undefined ? null : (v as CsvCell)])
  }
  walk(answer, '')
  return { header: ['path', 'value'], rows }
}

/** The calls whose answers a panel's CSV holds (its data, not decorations such as annotations on a chart). */
export function csvCalls(plan: Pick<PanelPlan, 'needs'>): ContractCall[] {
  const n = plan.needs
  switch (n.type) {
    case 'kpi':
    case 'kpi-list':
    case 'process':
    case 'kpi-chart':
      return [n.kpis]
    case 'chart':
      return n.lines
    case 'forecast':
      return [n.forecast]
    case 'stat':
      return [n.latest]
    case 'status-grid':
      return [n.up, ...n.thresholds]
    case 'table':
      return n.columns
    case 'sources':
      return [n.health]
    case 'events':
      return [n.events]
    case 'milestones':
      return [n.milestones]
    case 'model-quality':
      return [n.quality]
    case 'model-drift':
      return [n.drift]
    case 'recommendations':
      return [n.recommendations]
    case 'adoption':
    case 'savings-forecast':
    case 'capacity-list':
      return [n.forecasts]
    default:
      return []
  }
}

/** The panel's CSV table from the answers to csvCalls(plan), in that order. */
export function panelTable(plan: Pick<PanelPlan, 'needs' | 'panel'>, answered: readonly Answered[]): CsvTable {
  const first = answered[0]
  if (!first) return { header: [], rows: [] }
  switch (plan.needs.type) {
    case 'kpi-chart':
      return kpiTrendTable(first.answer as KpiValue[], panelKpiIds(plan.panel)[0])
    case 'kpi':
    case 'kpi-list':
    case 'process':
      return kpiTable(first.answer as KpiValue[], panelKpiIds(plan.panel))
    case 'chart':
    case 'stat':
    case 'status-grid':
    case 'table':
      return seriesTable(answered.flatMap(seriesPoints))
    case 'forecast':
      return forecastTable(first.answer as ForecastView)
    case 'sources':
      return healthTable(first.answer as Health)
    case 'events':
      return annotationTable(first.answer as Annotation[])
    case 'milestones':
      return milestoneTable(first.answer as MilestoneSummary)
    default:
      return pathTable(first.answer)
  }
}
