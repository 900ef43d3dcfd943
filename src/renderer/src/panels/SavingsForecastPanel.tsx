// Cost savings ahead (analytics.savings): the cumulative savings projection with 80 % / 95 % bands
// from what is saved so far, and the headline total over the horizon with its ranges.
import { useMemo } from 'react'
import type { SavingsForecast } from '@shared/analytics-business'
import type { PanelOf } from '@shared/config/views-schema'
import type { Point } from '@shared/types'
import type { CallOf } from '@shared/views/panel-requests'
import { chartSummary } from '../charts/chart-summary'
import { projectionOverlay } from '../charts/projection-overlay'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import { formatValue } from '../format/number-format'
import type { ValueFormatter } from '../format/unit-text'
import { waitingState } from '../views/panel-states'
import { savingsHeadline } from './business-text'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { useAnalytics } from './use-analytics'
import './analytics.css'
import './models.css'

const usd: ValueFormatter = (v) => formatValue(v, 'usd')

function SavingsChart({ s, title, headline, interactive }: { s: SavingsForecast; title: string; headline: string; interactive: boolean }) {
  const lines = useMemo(() => [{ name: 'saved so far', points: [[s.lastObserved, s.savedSoFar] as Point] }], [s])
  const overlay = useMemo(() => projectionOverlay(s.cumulative, [s.lastObserved, s.savedSoFar], s.model), [s])
  const to = s.cumulative.times[s.cumulative.times.length - 1] ?? s.horizonEnd
  return (
    <div className="chart-body" data-testid="chart" data-series="savings" data-state="ready" data-forecast="ready">
      <TimeSeriesChart lines={lines} format={usd} from={s.lastObserved} to={to} interactive={interactive} forecast={overlay} ariaLabel={chartSummary(title, lines, usd, [headline])} />
    </div>
  )
}

export function SavingsForecastPanel({ panel, panelId, forecasts: call, ctx }: { panel: PanelOf<'savings-forecast'>; panelId: string; forecasts: CallOf<'getBusinessForecasts'>; ctx: PanelContext }) {
  const q = useAnalytics(call)
  const outcome = q.data?.savings
  const title = panel.title ?? 'Cost savings forecast'
  let state: PanelState
  let body
  if (outcome?.result) {
    state = 'ready'
    const s = outcome.result
    const headline = savingsHeadline(s, usd)
    body = (
      <>
        <p
          className="forecast-headline business-headline"
          data-testid="savings-headline"
          data-mean={s.total.mean}
          data-ranges={s.total.ranges.map((r) => `${r.level}:${r.lower}:${r.upper}`).join(' ')}
          title={headline}
        >
          {headline}
        </p>
        <SavingsChart s={s} title={title} headline={headline} interactive={ctx.interactive} />
        <p className="forecast-note" data-testid="savings-note" title={s.model}>
          Saved so far {usd(s.savedSoFar)} · now {usd(s.currentRate)}/day · {s.model}
        </p>
      </>
    )
  } else {
    const waiting = waitingState(outcome?.error ?? q.error)
    state = waiting.state
    body = waiting.body
  }
  return (
    <PanelFrame type="savings-forecast" panelId={panelId} title={title} state={state}>
      {body}
    </PanelFrame>
  )
}
