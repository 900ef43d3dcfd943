// Explore: any series by name (URL param `series`), as a chart plus its raw latest value.
import { useClock } from '../../clock/clock'
import type { TimeWindow } from '../../clock/time-window'
import { formatAgo, formatSignificant, formatValue } from '../../format/number-format'
import { unitForSeries } from '../../format/units'
import { ChartBody } from '../../views/ChartBody'
import { ErrorNote, Loading, NoData } from '../../views/panel-states'
import { combineLatest } from '../series/combine-latest'
import { useLatest } from '../series/use-latest'

export interface ExplorePanelProps {
  series: string
  window: TimeWindow
  interactive: boolean
  onClose(): void
}

export function ExplorePanel({ series, window, interactive, onClose }: ExplorePanelProps) {
  const latest = useLatest({ series })
  const now = useClock()
  const unit = unitForSeries(series)
  const combined = latest.data ? combineLatest(latest.data) : null

  let value
  if (combined) {
    value = (
      <p className="explore-latest">
        <span className="explore-latest-value" data-testid="latest-value">
          {formatSignificant(combined.value)}
        </span>
        {unit !== 'number' && <span className="explore-latest-unit">{formatValue(combined.value, unit)}</span>}
        <span className="explore-latest-age">
          {formatAgo(combined.ts, now)}
          {combined.count > 1 ? ` · avg of ${combined.count} series` : ''}
        </span>
      </p>
    )
  } else if (latest.error) value = <ErrorNote error={latest.error} />
  else if (latest.isPending) value = <Loading />
  else value = <NoData series={[series]} />

  return (
    <section className="panel explore-panel" aria-label={`Explore ${series}`}>
      <header className="explore-head">
        <h2 className="panel-title">
          Explore · <span data-testid="explore-series">{series}</span>
        </h2>
        {interactive && (
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close explore panel">
            ✕
          </button>
        )}
      </header>
      {value}
      <ChartBody lines={[{ series }]} unit={unit} window={window} interactive={interactive} />
    </section>
  )
}
