// Picks the component for a planned panel, inside its own error boundary, so one broken panel
// (or a panel type this build does not know) never takes the view down.
import type { PanelConfig } from '@shared/config/views-schema'
import type { PanelPlan } from '@shared/views/panel-requests'
import { AdoptionPanel } from './AdoptionPanel'
import { CapacityListPanel } from './CapacityListPanel'
import { ChartPanel } from './ChartPanel'
import { EventsPanel } from './EventsPanel'
import { ForecastPanel } from './ForecastPanel'
import { KpiChartPanel } from './KpiChartPanel'
import { KpiListPanel } from './KpiListPanel'
import { KpiTile } from './KpiTile'
import { MilestonesPanel } from './MilestonesPanel'
import { ModelDriftPanel } from './ModelDriftPanel'
import { ModelQualityPanel } from './ModelQualityPanel'
import type { PanelContext } from './panel-context'
import { PanelErrorBoundary } from './PanelErrorBoundary'
import { PanelFrame } from './PanelFrame'
import { PanelMenuContext } from './panel-menu'
import { CsvExportButton } from '../features/csv-export/CsvExportButton'
import { ProcessPanel } from './ProcessPanel'
import { RecommendationsPanel } from './RecommendationsPanel'
import { SavingsForecastPanel } from './SavingsForecastPanel'
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
  if (panel.type === 'model-quality' || panel.type === 'model-drift') return panel.model
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
    case 'model-quality':
      return <ModelQualityPanel panel={panel as never} panelId={key} quality={needs.quality} ctx={ctx} />
    case 'model-drift':
      return <ModelDriftPanel panel={panel as never} panelId={key} drift={needs.drift} ctx={ctx} />
    case 'recommendations':
      return <RecommendationsPanel panel={panel as never} panelId={key} recommendations={needs.recommendations} ctx={ctx} />
    case 'adoption':
      return <AdoptionPanel panel={panel as never} panelId={key} forecasts={needs.forecasts} ctx={ctx} />
    case 'savings-forecast':
      return <SavingsForecastPanel panel={panel as never} panelId={key} forecasts={needs.forecasts} ctx={ctx} />
    case 'capacity-list':
      return <CapacityListPanel panel={panel as never} panelId={key} forecasts={needs.forecasts} ctx={ctx} />
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

/** One panel of a view; in laptop mode its header offers the CSV of its data. */
export function Panel({ plan, ctx }: { plan: PanelPlan; ctx: PanelContext }) {
  return (
    <PanelErrorBoundary type={String(plan.panel.type)} panelId={plan.key} title={fallbackTitle(plan.panel)}>
      <PanelMenuContext.Provider value={ctx.interactive ? <CsvExportButton plan={plan} /> : null}>
        <PanelBody plan={plan} ctx={ctx} />
      </PanelMenuContext.Provider>
    </PanelErrorBoundary>
  )
}
