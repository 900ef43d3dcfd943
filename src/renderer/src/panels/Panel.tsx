// Picks the component for a planned panel, inside its own error boundary, so one broken panel
// (or a panel type this build does not know) never takes the view down.
import type { PanelConfig } from '@shared/config/views-schema'
import type { PanelPlan } from '@shared/views/panel-requests'
import { ChartPanel } from './ChartPanel'
import { EventsPanel } from './EventsPanel'
import { ForecastPanel } from './ForecastPanel'
import { KpiChartPanel } from './KpiChartPanel'
import { KpiListPanel } from './KpiListPanel'
import { KpiTile } from './KpiTile'
import { MilestonesPanel } from './MilestonesPanel'
import type { PanelContext } from './panel-context'
import { PanelErrorBoundary } from './PanelErrorBoundary'
import { PanelFrame } from './PanelFrame'
import { ProcessPanel } from './ProcessPanel'
import { SourcesPanel } from './SourcesPanel'
import { StatPanel } from './StatPanel'
import { StatusGridPanel } from './StatusGridPanel'
import { TablePanel } from './TablePanel'

/** A title for messages about a panel before its data is known. */
export function fallbackTitle(panel: PanelConfig): string {
  if (panel.title) return panel.title
  if ('kpi' in panel) return panel.kpi
  if (panel.type === 'process') return panel.process
  if (panel.type === 'stat') return panel.series
  return String(panel.type)
}

function PanelBody({ plan, ctx }: { plan: PanelPlan; ctx: PanelContext }) {
  const { needs, key } = plan
  const panel = plan.panel
  switch (needs.type) {
    case 'kpi':
      return <KpiTile panel={panel as never} panelId={key} kpis={needs.kpis} ctx={ctx} />
    case 'kpi-chart':
      return <KpiChartPanel panel={panel as never} panelId={key} kpis={needs.kpis} annotations={needs.annotations} forecast={needs.forecast} ctx={ctx} />
    case 'chart':
      return <ChartPanel panel={panel as never} panelId={key} lines={needs.lines} annotations={needs.annotations} anomalies={needs.anomalies} ctx={ctx} />
    case 'forecast':
      return <ForecastPanel panel={panel as never} panelId={key} forecast={needs.forecast} ctx={ctx} />
    case 'stat':
      return <StatPanel panel={panel as never} panelId={key} latest={needs.latest} ctx={ctx} />
    case 'milestones':
      return <MilestonesPanel panel={panel as never} panelId={key} milestones={needs.milestones} ctx={ctx} />
    case 'kpi-list':
      return <KpiListPanel panel={panel as never} panelId={key} kpis={needs.kpis} ctx={ctx} />
    case 'process':
      return <ProcessPanel panel={panel as never} panelId={key} kpis={needs.kpis} ctx={ctx} />
    case 'status-grid':
      return <StatusGridPanel panel={panel as never} panelId={key} up={needs.up} thresholds={needs.thresholds} ctx={ctx} />
    case 'table':
      return <TablePanel panel={panel as never} panelId={key} columns={needs.columns} ctx={ctx} />
    case 'sources':
      return <SourcesPanel panel={panel as never} panelId={key} health={needs.health} lag={needs.lag} throughput={needs.throughput} errors={needs.errors} ctx={ctx} />
    case 'events':
      return <EventsPanel panel={panel as never} panelId={key} events={needs.events} ctx={ctx} />
    default:
      return (
        <PanelFrame type="unknown" panelId={key} title={fallbackTitle(panel)} state="error">
          <p className="panel-note panel-error" role="alert">
            <span aria-hidden="true">▲ </span>Unknown panel type "{needs.panelType}": this version of Vigil cannot show it
          </p>
        </PanelFrame>
      )
  }
}

/** One panel of a view. */
export function Panel({ plan, ctx }: { plan: PanelPlan; ctx: PanelContext }) {
  return (
    <PanelErrorBoundary type={String(plan.panel.type)} panelId={plan.key} title={fallbackTitle(plan.panel)}>
      <PanelBody plan={plan} ctx={ctx} />
    </PanelErrorBoundary>
  )
}
