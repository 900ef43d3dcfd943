// Time-range choice (laptop mode): the preset "last N" ranges, or a custom from/to.
import { useState, type FormEvent } from 'react'
import { fromLocalInputValue, toLocalInputValue } from '../clock/format-time'
import { RANGE_SPECS, type TimeWindow } from '../clock/time-window'
import { presetFits, wholeArchive } from '../features/archive/archive-range'
import { useArchive } from '../features/archive/use-archive'
import { PRESET_RANGES, type HashState } from '../routing/hash-state'

export interface RangePickerProps {
  state: HashState
  window: TimeWindow
  update(patch: Partial<HashState>): void
}

export function RangePicker({ state, window, update }: RangePickerProps) {
  const custom = state.range === 'custom'
  const [editing, setEditing] = useState(false)
  const showForm = custom || editing
  // Review mode: only ranges inside the archive (presets longer than it give way to "Whole archive").
  const archive = useArchive()
  const whole = archive ? wholeArchive(archive) : null
  const isWhole = whole !== null && custom && state.from === whole.from && state.to === whole.to
  return (
    <div className="range-picker">
      <div className="range-selector" role="group" aria-label="Time range">
        {PRESET_RANGES.filter((key) => !archive || presetFits(key, archive)).map((key) => (
          <button
            key={key}
            type="button"
            aria-pressed={key === state.range}
            className={key === state.range ? 'range range-active' : 'range'}
            onClick={() => {
              setEditing(false)
              update({ range: key, from: null, to: null })
            }}
            title={RANGE_SPECS[key].label}
            data-testid={`range-${key}`}
          >
            {key}
          </button>
        ))}
        {whole && (
          <button
            type="button"
            aria-pressed={isWhole}
            className={isWhole ? 'range range-active' : 'range'}
            onClick={() => {
              setEditing(false)
              update(whole)
            }}
            title="The archive's whole time range"
            data-testid="range-archive"
          >
            Whole archive
          </button>
        )}
        <button
          type="button"
          aria-pressed={custom && !isWhole}
          aria-expanded={showForm}
          className={custom && !isWhole ? 'range range-active' : 'range'}
          onClick={() => setEditing(true)}
          title="Custom range: choose from and to"
          data-testid="range-custom"
        >
          Custom
        </button>
      </div>
      {showForm && (
        <CustomRangeForm
          // Re-initialise the inputs when the applied window changes (e.g. after a chart zoom).
          key={`${window.from}-${window.to}`}
          window={window}
          onApply={(from, to) => {
            setEditing(false)
            update({ range: 'custom', from, to })
          }}
          onCancel={custom ? undefined : () => setEditing(false)}
        />
      )}
    </div>
  )
}

function CustomRangeForm({ window, onApply, onCancel }: { window: TimeWindow; onApply(from: number, to: number): void; onCancel?: () => void }) {
  const [from, setFrom] = useState(toLocalInputValue(window.from))
  const [to, setTo] = useState(toLocalInputValue(window.to))
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const f = fromLocalInputValue(from)
    const t = fromLocalInputValue(to)
    if (f === null) return setError('"From" is not a valid date and time')
    if (t === null) return setError('"To" is not a valid date and time')
    if (t <= f) return setError('"To" must be after "From"')
    setError(null)
    onApply(f, t)
  }
  return (
    <form className="custom-range" onSubmit={submit} aria-label="Custom time range" data-testid="custom-range">
      <label>
        From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="range-from" required />
      </label>
      <label>
        To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="range-to" required />
      </label>
      <button type="submit" data-testid="range-apply">
        Apply
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}
