// Recurring mute windows: is a window open at an instant, and which window mutes a route or an alert.
import type { Labels } from '@shared/types'
import { localTime } from './local-time'
import { matchesAll } from './matchers'
import type { MuteWindow, RouteSpec } from './types'

/** True when `now` falls inside the window (a range crossing midnight belongs to the day it starts). */
export function isMuteWindowOpen(window: MuteWindow, now: number): boolean {
  const { weekday, minute } = localTime(now, window.timezone)
  const yesterday = (weekday + 6) % 7
  const onDay = (day: number): boolean => window.weekdays.length === 0 || window.weekdays.includes(day)
  if (window.times.length === 0) return onDay(weekday)
  return window.times.some(({ startMinute, endMinute }) => {
    if (startMinute < endMinute) return onDay(weekday) && minute >= startMinute && minute < endMinute
    // Crosses midnight: the evening part belongs to today, the morning part to yesterday's window.
    return (onDay(weekday) && minute >= startMinute) || (onDay(yesterday) && minute < endMinute)
  })
}

/** Name of the first window with matchers (config order) that is open and matches the labels, or null. */
export function mutingWindowFor(windows: readonly MuteWindow[], labels: Labels, now: number): string | null {
  for (const w of windows) if (w.matchers !== null && matchesAll(w.matchers, labels) && isMuteWindowOpen(w, now)) return w.name
  return null
}

/** Name of the first of the route's mute windows open at `now`, or null. */
export function openMuteWindow(route: RouteSpec, windows: ReadonlyMap<string, MuteWindow>, now: number): string | null {
  for (const name of route.muteWindows) {
    const window = windows.get(name)
    if (window && isMuteWindowOpen(window, now)) return name
  }
  return null
}
