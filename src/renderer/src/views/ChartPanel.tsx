// A titled chart panel of a view.
import type { TimeWindow } from '../clock/time-window'
import { unitForSeries } from '../format/units'
import { ChartBody } from './ChartBody'
import type { ChartDef } from './view-definitions'

export function ChartPanel({ def, window, interactive }: { def: ChartDef; window: TimeWindow; interactive: boolean }) {
  const unit = def.unit ?? unitForSeries(def.lines[0].series)
  return (
    <section className="panel chart-panel" aria-label={def.title}>
      <h2 className="panel-title">{def.title}</h2>
      <ChartBody lines={def.lines} unit={unit} window={window} interactive={interactive} />
    </section>
  )
}
