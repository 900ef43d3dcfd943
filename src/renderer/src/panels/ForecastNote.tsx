// The line under a forecast chart: where the forecast ends with its bands, and the model (the
// fitting note on hover). Carries the raw numbers for tests and screen readers.
import type { ForecastOverlay } from '../charts/forecast-series'
import { forecastEnd } from '../charts/forecast-series'
import type { ValueFormatter } from '../format/unit-text'
import { forecastEndText } from './forecast-text'

export function ForecastNote({ overlay, format }: { overlay: ForecastOverlay; format: ValueFormatter }) {
  const end = forecastEnd(overlay)
  return (
    <p
      className="forecast-note"
      data-testid="forecast-note"
      data-model={overlay.model}
      data-end-ts={end?.t ?? ''}
      data-mean={end?.mean ?? ''}
      data-bands={end ? end.bands.map((b) => `${b.level}:${b.lower}:${b.upper}`).join(' ') : ''}
      title={`${overlay.model}: ${overlay.note}`}
    >
      {end && <span className="forecast-end">Forecast {forecastEndText(end, format)}</span>}
      <span className="forecast-model"> · {overlay.model}</span>
    </p>
  )
}
