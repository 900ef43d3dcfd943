// Review mode's time range lock: every window lies inside the archive's [from, to). By default the
// whole archive shows; a preset ("last 24h") ends at the archive's end, not at the wall clock; a
// custom range or zoom is clamped to the archive. Pure: the archive and the state come in.
import type { ArchiveInfo } from '@shared/types'
import { customWindow, RANGE_SPECS, timeWindow, type TimeWindow } from '../../clock/time-window'
import type { HashState, PresetRange } from '../../routing/hash-state'

export type ArchiveRange = Pick<ArchiveInfo, 'from' | 'to'>

/** The whole archive as a custom range. */
export function wholeArchive(archive: ArchiveRange): Pick<HashState, 'range' | 'from' | 'to'> {
  return { range: 'custom', from: archive.from, to: archive.to }
}

/** True when a preset range fits in the archive (longer ones are offered as "whole archive" instead). */
export function presetFits(range: PresetRange, archive: ArchiveRange): boolean {
  return RANGE_SPECS[range].ms <= archive.to - archive.from
}

/**
 * The state change that keeps the range inside the archive, or null when it already is. `named`
 * tells whether the page was opened with a range in its URL; without one the whole archive shows.
 */
export function lockRange(state: Pick<HashState, 'range' | 'from' | 'to'>, archive: ArchiveRange, named: boolean): Partial<HashState> | null {
  if (!named) return sameRange(state, wholeArchive(archive)) ? null : wholeArchive(archive)
  if (state.range === 'custom' && state.from !== null && state.to !== null) {
    const from = Math.max(state.from, archive.from)
    const to = Math.min(state.to, archive.to)
    if (to <= from) return wholeArchive(archive)
    return from === state.from && to === state.to ? null : { range: 'custom', from, to }
  }
  if (state.range !== 'custom' && !presetFits(state.range, archive)) return wholeArchive(archive)
  return null
}

/** The window views query in review mode: custom ranges as chosen (clamped), presets ending at the archive's end. */
export function archiveWindow(state: Pick<HashState, 'range' | 'from' | 'to'>, archive: ArchiveRange): TimeWindow {
  if (state.range === 'custom' && state.from !== null && state.to !== null) {
    const from = Math.max(state.from, archive.from)
    const to = Math.min(state.to, archive.to)
    return to > from ? customWindow(from, to) : customWindow(archive.from, archive.to)
  }
  const preset = timeWindow(state.range === 'custom' ? '24h' : state.range, archive.to - 1)
  const from = Math.max(preset.from, archive.from)
  const to = Math.min(preset.to, archive.to)
  return { from, to, step: preset.step }
}

function sameRange(a: Pick<HashState, 'range' | 'from' | 'to'>, b: Pick<HashState, 'range' | 'from' | 'to'>): boolean {
  return a.range === b.range && a.from === b.from && a.to === b.to
}

/** True when a location hash names a range ("range=" among its parameters). */
export function hashNamesRange(hash: string): boolean {
  const q = hash.indexOf('?')
  return q !== -1 && new URLSearchParams(hash.slice(q + 1)).has('range')
}

/** "12 Jan 2025 12:07 – 15 Jan 2025 12:08 UTC" (the banner's range, always in UTC so reviewers agree). */
export function formatArchiveRange(archive: ArchiveRange): string {
  const fmt = (ms: number): string => {
    const d = new Date(ms)
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]
    return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
  }
  return `${fmt(archive.from)} – ${fmt(archive.to)} UTC`
}

/** The verification part of the banner. */
export function trustText(archive: Pick<ArchiveInfo, 'verified' | 'signed' | 'keyFingerprint'>): string {
  if (!archive.verified) return 'NOT verified'
  if (archive.signed) return `verified, signed (key ${archive.keyFingerprint ?? 'unknown'})`
  return 'verified, unsigned'
}
