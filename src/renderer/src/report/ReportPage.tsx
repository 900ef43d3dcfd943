// The print-ready report of a view over a period: three A4 sheets (key indicators with their
// trends; the KPI trajectory with milestones; the top alerts of the period), each exactly one
// page, so the page count is known and every sheet starts on its own page. The panels are the
// views' own components at print size (ECharts animations are off in every option already).
import { useEffect, useMemo, useRef, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import type { ViewConfig } from '@shared/config/views-schema'
import { a4Size, type ReportParams } from '@shared/reports/report-params'
import { viewPlan, type PanelPlan } from '@shared/views/panel-requests'
import { getBridge } from '../api/bridge'
import { formatDateTime } from '../clock/format-time'
import { useAppInfo } from '../features/app-info/use-app-info'
import { useViews } from '../features/views/use-views'
import { KpiTile } from '../panels/KpiTile'
import { Panel } from '../panels/Panel'
import type { PanelContext } from '../panels/panel-context'
import { ErrorNote } from '../views/panel-states'
import { MilestoneTable } from './MilestoneTable'
import { TopAlertsTable } from './TopAlertsTable'
import { watchReportReady } from './report-ready'

/** Page margin inside each A4 sheet. */
const MARGIN_MM = 10
const PX_PER_MM = 96 / 25.4
/** Rows of the top-alerts table (the rest are counted), so the sheet stays one page. */
export const TOP_ALERTS = 12
/** Milestone table rows that fit under the chart on one sheet. */
const MILESTONE_ROWS = { landscape: 9, portrait: 14 } as const
/** Sheets of a report: the page count of its PDF. */
export const REPORT_SHEETS = 3

const printCtx: PanelContext = { interactive: false }

export function ReportPage({ params }: { params: ReportParams | Error }) {
  const root = useRef<HTMLDivElement>(null)
  useEffect(() => (root.current ? watchReportReady(root.current) : undefined), [])
  useEffect(() => {
    if (params instanceof Error) document.body.dataset.reportError = params.message
  }, [params])

  if (params instanceof Error) {
    return (
      <div ref={root} className="report" data-testid="report" data-settled="true" data-state="error">
        <ErrorNote error={params} />
      </div>
    )
  }
  return <ViewReport params={params} rootRef={root} />
}

function ViewReport({ params, rootRef }: { params: ReportParams; rootRef: React.RefObject<HTMLDivElement | null> }) {
  const { from, to, orientation } = params
  const views = useViews()
  const info = useAppInfo()
  const bridge = getBridge()
  const history = useQuery({
    queryKey: ['report', 'alert-history', from, to],
    queryFn: () => bridge.getAlertHistory({ from, to, limit: 10_000 })
  })
  const active = useQuery({ queryKey: ['report', 'alerts'], queryFn: () => bridge.listAlerts({}) })
  const [openedAt] = useState(() => Date.now())
  const view = views.data?.views.find((v) => v.id === params.view)
  const missingView = views.data && !view ? new Error(`There is no view "${params.view}" (configured views: ${views.data.views.map((v) => v.id).join(', ')})`) : null
  const viewError = views.error ?? missingView
  useEffect(() => {
    if (viewError) document.body.dataset.reportError = viewError.message
  }, [viewError])

  const size = a4Size(orientation)
  const contentWidthPx = Math.floor((size.widthMm - 2 * MARGIN_MM) * PX_PER_MM)
  const plan = useMemo(() => (view ? viewPlan(view, { from, to }, { widthPx: contentWidthPx }) : null), [view, from, to, contentWidthPx])
  const settled = !views.isPending && !info.isPending && !history.isPending && !active.isPending
  // The server's clock when known (a report generated on a NOC box is stamped with its time).
  const generatedAt = info.data?.now ?? openedAt
  const period = `${formatDateTime(from)} – ${formatDateTime(to)}`
  const title = `${view?.title ?? params.view} report`

  const sheet = (n: number, heading: string, children: React.ReactNode) => (
    <section className="report-sheet" data-testid="report-sheet" data-sheet={n} aria-label={heading}>
      <div className="report-sheet-body">{children}</div>
      <footer className="report-footer">
        <span>
          Vigil {info.data?.version ?? ''} · {title} · {period}
        </span>
        <span>
          Page {n} of {REPORT_SHEETS}
        </span>
      </footer>
    </section>
  )

  return (
    <div
      ref={rootRef}
      className={`report report-${orientation}`}
      data-testid="report"
      data-view={params.view}
      data-orientation={orientation}
      data-settled={settled ? 'true' : 'false'}
      data-state={viewError ? 'error' : plan ? 'ready' : 'loading'}
    >
      <style>{`@page { size: A4 ${orientation}; margin: 0 }`}</style>
      {sheet(
        1,
        'Key indicators',
        <>
          <header className="report-title" data-testid="report-title">
            <h1>{title}</h1>
            <p className="report-period" data-testid="report-period" data-from={from} data-to={to}>
              Period {period}
            </p>
            <p className="report-generated" data-testid="report-generated" data-at={generatedAt}>
              Generated {formatDateTime(generatedAt)}
              {view?.description ? ` · ${view.description}` : ''}
            </p>
          </header>
          {viewError ? <ErrorNote error={viewError} /> : plan && <KpiSection plan={plan.kpis} />}
        </>
      )}
      {sheet(2, 'Trajectory and milestones', plan && view ? <TrajectorySection panels={plan.panels} view={view} milestoneRows={MILESTONE_ROWS[orientation]} /> : null)}
      {sheet(
        3,
        'Top alerts of the period',
        <>
          <h2 className="report-heading">Top alerts of the period</h2>
          {history.error ? (
            <ErrorNote error={history.error} />
          ) : history.data && active.data ? (
            <TopAlertsTable history={history.data} active={active.data.alerts} from={from} to={to} limit={TOP_ALERTS} />
          ) : active.error ? (
            <ErrorNote error={active.error} />
          ) : null}
        </>
      )}
    </div>
  )
}

/** Every KPI of the view (one getKpis call for all) as a tile with its trend over the period. */
function KpiSection({ plan }: { plan: ReturnType<typeof viewPlan>['kpis'] }) {
  if (!plan) return <p className="panel-note panel-empty">This view shows no KPIs.</p>
  const ids = plan.args.ids ?? []
  return (
    <>
      <h2 className="report-heading">Key indicators</h2>
      <div className="report-kpis" data-testid="report-kpis" data-count={ids.length}>
        {ids.map((id) => (
          <div key={id} className="report-kpi">
            <KpiTile panel={{ type: 'kpi', kpi: id } as never} panelId={`report-kpi-${id}`} kpis={plan} ctx={printCtx} />
          </div>
        ))}
      </div>
    </>
  )
}

/** The view's KPI charts (the ROI trajectory with its forecast on the executive view) and its milestones. */
function TrajectorySection({ panels, view, milestoneRows }: { panels: PanelPlan[]; view: ViewConfig; milestoneRows: number }) {
  const charts = panels.filter((p) => p.needs.type === 'kpi-chart')
  const milestones = panels.filter((p) => p.needs.type === 'milestones')
  return (
    <>
      <h2 className="report-heading">Trajectory and milestones</h2>
      {charts.length === 0 && <p className="panel-note panel-empty">The {view.title} view has no KPI chart.</p>}
      {charts.map((p) => (
        <div key={p.key} className="report-chart">
          <Panel plan={p} ctx={printCtx} />
        </div>
      ))}
      {milestones.slice(0, 1).map((p) => (
        <div key={p.key} className="report-milestones">
          <div className="report-milestone-bar">
            <Panel plan={p} ctx={printCtx} />
          </div>
          {p.needs.type === 'milestones' && <MilestoneTable call={p.needs.milestones} maxRows={milestoneRows} />}
        </div>
      ))}
    </>
  )
}
