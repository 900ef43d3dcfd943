// Time-range choice (laptop mode) or its label (wallboard mode).
import { RANGE_SPECS } from '../clock/time-window'
import { RANGE_KEYS, type RangeKey } from '../routing/hash-state'

export function RangeSelector({ range, interactive, onSelect }: { range: RangeKey; interactive: boolean; onSelect(range: RangeKey): void }) {
  if (!interactive) return <span className="range-label">{RANGE_SPECS[range].label}</span>
  return (
    <div className="range-selector" role="radiogroup" aria-label="Time range">
      {RANGE_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          role="radio"
          aria-checked={key === range}
          className={key === range ? 'range range-active' : 'range'}
          onClick={() => onSelect(key)}
          title={RANGE_SPECS[key].label}
        >
          {key}
        </button>
      ))}
    </div>
  )
}
