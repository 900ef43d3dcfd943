// The current time window of a navigation state, as a stable object: a preset window moves
// once per bucket (not on every clock tick), a custom window never moves.
import { useMemo } from 'react'
import type { HashState } from '../routing/hash-state'
import { useClock } from './clock'
import { RANGE_SPECS, windowForState, type TimeWindow } from './time-window'

/** The window views and charts query; re-renders only when it changes. */
export function useTimeWindow(state: Pick<HashState, 'range' | 'from' | 'to'>): TimeWindow {
  const custom = state.range === 'custom'
  // A custom window does not slide, so a coarse granularity avoids needless re-renders.
  const granularity = custom ? 3_600_000 : RANGE_SPECS[state.range === 'custom' ? '24h' : state.range].step * 1000
  const now = useClock(granularity)
  const { range, from, to } = state
  return useMemo(() => windowForState({ range, from, to }, now), [range, from, to, custom ? 0 : now])
}
