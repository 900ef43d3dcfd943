// Human text for the selected range: "Last 24 hours", or "1 Jun 09:00 – 2 Jun 09:00" for a custom one.
import type { HashState } from '../routing/hash-state'
import { formatDateTime } from './format-time'
import { RANGE_SPECS, type TimeWindow } from './time-window'

/** The label of the range a state selects (its window for a custom range). */
export function rangeLabel(state: Pick<HashState, 'range'>, window: TimeWindow): string {
  if (state.range === 'custom') return `${formatDateTime(window.from).slice(0, 16)} – ${formatDateTime(window.to).slice(0, 16)}`
  return RANGE_SPECS[state.range].label
}
