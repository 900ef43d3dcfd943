// A big-number tile: the latest value of one series, formatted with its unit, and its age.
import { useClock } from '../clock/clock'
import { combineLatest } from '../features/series/combine-latest'
import { useLatest } from '../features/series/use-latest'
import { formatAgo, formatValue } from '../format/number-format'
import { unitForSeries } from '../format/units'
import { ErrorNote, Loading, NoData } from './panel-states'
import type { TileDef } from './view-definitions'

export function Tile({ def }: { def: TileDef }) {
  const latest = useLatest(def.ref)
  const now = useClock()
  const unit = def.unit ?? unitForSeries(def.ref.series)
  const combined = latest.data ? combineLatest(latest.data) : null

  let state: 'loading' | 'error' | 'empty' | 'ready'
  let body
  if (combined) {
    state = 'ready'
    body = (
      <>
        <div className="tile-value">
          <span>{formatValue(combined.value, unit)}</span>
        </div>
        <p className="tile-foot">
          as of {formatAgo(combined.ts, now)}
          {combined.count > 1 ? ` · avg of ${combined.count} series` : ''}
        </p>
      </>
    )
  } else if (latest.error) {
    state = 'error'
    body = <ErrorNote error={latest.error} />
  } else if (latest.isPending) {
    state = 'loading'
    body = <Loading />
  } else {
    state = 'empty'
    body = <NoData series={[def.ref.series]} />
  }

  return (
    <section className="panel tile" data-testid="tile" data-series={def.ref.series} data-state={state} aria-label={def.title}>
      <h2 className="panel-title">{def.title}</h2>
      {body}
    </section>
  )
}
