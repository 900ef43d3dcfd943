// The adoption curve (analytics.adoption): the fitted logistic over the known days, its projection
// with 80 % / 95 % bands, the plateau and the target as lines, and the headline "plateau 80.1 %
// (R² 0.999); 95 % of it reached on 2026-10-24". Without a curve (too little data, no S-shape)
// the panel says why: that is the engine's answer, not a failure.
import { useMemo } from 'react'
import type { AdoptionFitted } from '@shared/analytics-business'
import type { PanelOf } from '@shared/config/views-schema'
import type { Point } from '@shared/types'
import type { CallOf } from '@shared/views/panel-requests'
import { chartSummary } from '../charts/chart-summary'
import { projectionOverlay } from '../charts/projection-overlay'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import type { ChartReference } from '../charts/time-series-option'
import { formatValue } from '../format/number-format'
import type { ValueFormatter } from '../format/unit-text'
import { waitingState } from '../views/panel-states'
import { adoptionHeadline, adoptionNote } from './business-text'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { useAnalytics } from './use-analytics'
import './analytics.css'
import './models.css'

const percent: ValueFormatter = (v) => formatValue(v, 'percent')
const PERCENT_LIMITS: [number, number] = [0, 100]

function AdoptionChart({ curve, target, title, interactive }: { curve: AdoptionFitted; target: number | null; title: string; interactive: boolean }) {
  const lines = useMemo(() => [{ name: 'fitted', points: curve.fitted.times.map((t, i): Point => [t, curve.fitted.values[i]]) }], [curve])
  const overlay = useMemo(() => {
    const last = lines[0].points[lines[0].points.length - 1] ?? null
    return projectionOverlay(curve.projection, last, 'logistic', `fitted on ${curve.points} days, R² ${curve.r2.toFixed(3)}`)
  }, [curve, lines])
  const references = useMemo((): ChartReference[] => {
    const refs: ChartReference[] = [{ kind: 'baseline', value: curve.plateau.value, label: `plateau ${percent(curve.plateau.value)}` }]
    // The target is often near the plateau: its label sits at the other end of the chart.
    if (target !== null) refs.push({ kind: 'target', value: target, label: `target ${percent(target)}`, labelAt: 'start' })
    return refs
  }, [curve, target])
  const from = curve.fitted.times[0] ?? curve.now
  const to = curve.projection.times[curve.projection.times.length - 1] ?? curve.now
  return (
    <div className="chart-body" data-testid="chart" data-series="adoption" data-state="ready" data-forecast="ready">
      <TimeSeriesChart
        lines={lines}
        format={percent}
        from={from}
        to={to}
        interactive={interactive}
        references={references}
        forecast={overlay}
        valueLimits={PERCENT_LIMITS}
        ariaLabel={chartSummary(title, lines, percent, [adoptionHeadline(curve).text])}
      />
    </div>
  )
}

export function AdoptionPanel({ panel, panelId, forecasts: call, ctx }: { panel: PanelOf<'adoption'>; panelId: string; forecasts: CallOf<'getBusinessForecasts'>; ctx: PanelContext }) {
  const q = useAnalytics(call)
  const outcome = q.data?.adoption
  const title = panel.title ?? 'Adoption curve'
  let state: PanelState
  let body
  if (outcome?.result) {
    state = 'ready'
    const curve = outcome.result
    const headline = adoptionHeadline(curve)
    body = (
      <>
        <p className="forecast-headline business-headline" data-testid="adoption-headline" data-status={headline.status} title={headline.text}>
          {headline.text}
        </p>
        {curve.status === 'fitted' && <AdoptionChart curve={curve} target={outcome.targetPercent} title={title} interactive={ctx.interactive} />}
        <p className="forecast-note" data-testid="adoption-note" data-plateau={curve.status === 'fitted' ? curve.plateau.value : ''} data-r2={curve.r2 ?? ''}>
          {adoptionNote(curve, outcome.targetPercent)}
        </p>
      </>
    )
  } else {
    const waiting = waitingState(outcome?.error ?? q.error)
    state = waiting.state
    body = waiting.body
  }
  return (
    <PanelFrame type="adoption" panelId={panelId} title={title} state={state}>
      {body}
    </PanelFrame>
  )
}
