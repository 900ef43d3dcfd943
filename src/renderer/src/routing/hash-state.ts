// The app's navigation state lives in the URL hash, e.g.
// "#/technical?range=custom&from=2025-06-01T00:00:00.000Z&to=2025-06-02T00:00:00.000Z&drill=cpu",
// so every view, time range, drill-down and the kiosk mode is a bookmarkable, shareable URL.
import type { Labels } from '@shared/types'

/** Default view when the hash names none (the first built-in view). */
export const DEFAULT_VIEW = 'executive'
/** The alerts page's route ("#/alerts?alert=<id>"); it comes after the configured views. */
export const ALERTS_VIEW = 'alerts'
/** The Secrets page (admins, `vigil serve`): not a configured view. */
export const SECRETS_VIEW = 'secrets'
/** View ids as the config schema allows them (lower-case letters, digits, "-"). */
export const VIEW_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/

export const PRESET_RANGES = ['1h', '24h', '7d', '30d', '90d'] as const
export type PresetRange = (typeof PRESET_RANGES)[number]
export const RANGE_KEYS = [...PRESET_RANGES, 'custom'] as const
export type RangeKey = (typeof RANGE_KEYS)[number]

/** laptop: range control, zoom, drill-down; wallboard (kiosk): display only, nothing needs a mouse. */
export type DisplayMode = 'laptop' | 'wallboard'

/** Resolution of the drill-down chart: the engine's choice, or a roll-up tier's bucket width. */
export const DRILL_STEPS = ['auto', '1m', '1h'] as const
export type DrillStep = (typeof DRILL_STEPS)[number]

/** What the drill-down overlay shows: one series (optionally narrowed by labels), maybe from a KPI. */
export interface DrillTarget {
  series: string
  labels: Labels | null
  /** The KPI tile the drill started from, if any (shown as context). */
  kpi: string | null
  step: DrillStep
}

export interface HashState {
  view: string
  range: RangeKey
  /** Custom range start (epoch ms); set exactly when range is "custom". */
  from: number | null
  /** Custom range end (epoch ms, exclusive); set exactly when range is "custom". */
  to: number | null
  /** Series shown in the Explore panel, or null. */
  series: string | null
  mode: DisplayMode
  drill: DrillTarget | null
  /** The alert the alerts page points at (a notification click), or null. */
  alert: string | null
  /** Open the acknowledge form on that alert ("click to acknowledge" from a notification). */
  ack: boolean
}

export const DEFAULT_STATE: HashState = {
  view: DEFAULT_VIEW,
  range: '24h',
  from: null,
  to: null,
  series: null,
  mode: 'laptop',
  drill: null,
  alert: null,
  ack: false
}

const isPreset = (v: string): v is PresetRange => (PRESET_RANGES as readonly string[]).includes(v)
const isDrillStep = (v: string): v is DrillStep => (DRILL_STEPS as readonly string[]).includes(v)

/** Reads a time given as ISO 8601 or as epoch milliseconds; null when it is neither. */
export function parseTime(text: string | null): number | null {
  if (text === null || text.trim() === '') return null
  const trimmed = text.trim()
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed)
  return Number.isFinite(ms) ? ms : null
}

/** True for a "kiosk" flag value that turns kiosk mode on ("1", "true", "yes", or empty as in "?kiosk"). */
export function isKioskFlag(value: string | null): boolean {
  return value !== null && ['', '1', 'true', 'yes', 'on'].includes(value.toLowerCase())
}

/** Labels written as "k=v,k2=v2"; each key and value is URI-encoded so "," and "=" survive. */
export function formatLabels(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(labels[k])}`)
    .join(',')
}

/** Parses "k=v,k2=v2" (see formatLabels); pairs without "=" or with an empty key are skipped. */
export function parseLabels(text: string | null): Labels | null {
  if (text === null || text.trim() === '') return null
  const labels: Labels = {}
  for (const part of text.split(',')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    try {
      labels[decodeURIComponent(part.slice(0, eq)).trim()] = decodeURIComponent(part.slice(eq + 1))
    } catch {
      // a malformed escape: skip this pair, keep the others
    }
  }
  return Object.keys(labels).length > 0 ? labels : null
}

/** Parses a location hash; unknown, missing or inconsistent parts fall back to the defaults. */
export function parseHash(hash: string): HashState {
  const body = hash.replace(/^#/, '')
  const q = body.indexOf('?')
  const path = (q === -1 ? body : body.slice(0, q)).replace(/^\/+|\/+$/g, '').toLowerCase()
  const params = new URLSearchParams(q === -1 ? '' : body.slice(q + 1))
  const rangeParam = params.get('range') ?? ''
  const series = (params.get('series') ?? '').trim()

  let range: RangeKey = isPreset(rangeParam) ? rangeParam : DEFAULT_STATE.range
  let from: number | null = null
  let to: number | null = null
  if (rangeParam === 'custom') {
    const f = parseTime(params.get('from'))
    const t = parseTime(params.get('to'))
    // A custom range without both ends, or ending before it starts, is not a range: use the default.
    if (f !== null && t !== null && t > f) {
      range = 'custom'
      from = f
      to = t
    }
  }

  const drillSeries = (params.get('drill') ?? '').trim()
  const stepParam = params.get('step') ?? ''
  const drill: DrillTarget | null =
    drillSeries === ''
      ? null
      : {
          series: drillSeries,
          labels: parseLabels(params.get('labels')),
          kpi: (params.get('kpi') ?? '').trim() || null,
          step: isDrillStep(stepParam) ? stepParam : 'auto'
        }

  const alertParam = (params.get('alert') ?? '').trim()
  const alert = alertParam === '' || alertParam.length > 1024 ? null : alertParam
  return {
    view: VIEW_ID_PATTERN.test(path) ? path : DEFAULT_STATE.view,
    range,
    from,
    to,
    series: series === '' ? null : series,
    mode: isKioskFlag(params.get('kiosk')) || params.get('mode') === 'wallboard' ? 'wallboard' : 'laptop',
    drill,
    alert,
    ack: alert !== null && params.get('ack') === '1'
  }
}

/** Builds the hash for a state; the range is always written so a shared URL shows the same window. */
export function buildHash(state: HashState): string {
  const params = new URLSearchParams()
  if (state.range === 'custom' && state.from !== null && state.to !== null && state.to > state.from) {
    params.set('range', 'custom')
    params.set('from', new Date(state.from).toISOString())
    params.set('to', new Date(state.to).toISOString())
  } else {
    params.set('range', state.range === 'custom' ? DEFAULT_STATE.range : state.range)
  }
  if (state.series) params.set('series', state.series)
  if (state.drill) {
    params.set('drill', state.drill.series)
    if (state.drill.labels && Object.keys(state.drill.labels).length > 0) params.set('labels', formatLabels(state.drill.labels))
    if (state.drill.kpi) params.set('kpi', state.drill.kpi)
    if (state.drill.step !== 'auto') params.set('step', state.drill.step)
  }
  if (state.alert) {
    params.set('alert', state.alert)
    if (state.ack) params.set('ack', '1')
  }
  if (state.mode === 'wallboard') params.set('kiosk', '1')
  return `#/${state.view}?${params.toString()}`
}

/** The view a key press selects: 1–9 pick a view, arrow keys cycle; null when the key is not a view key. */
export function viewForKey(key: string, current: string, viewIds: readonly string[]): string | null {
  if (viewIds.length === 0) return null
  if (/^[1-9]$/.test(key)) return viewIds[Number(key) - 1] ?? null
  const i = viewIds.indexOf(current)
  if (key === 'ArrowRight') return viewIds[(i + 1) % viewIds.length]
  if (key === 'ArrowLeft') return viewIds[i === -1 ? viewIds.length - 1 : (i - 1 + viewIds.length) % viewIds.length]
  return null
}

/**
 * Moves a kiosk flag from the page's query string (`/?kiosk=1`, how Electron's --kiosk and a
 * bookmarked wallboard URL open the app) into the hash, so the hash is the one source of truth.
 * Returns the new hash, or null when the query string has no kiosk flag.
 */
export function adoptKioskSearch(search: string, hash: string): { hash: string; search: string } | null {
  const params = new URLSearchParams(search)
  if (!params.has('kiosk')) return null
  const kiosk = isKioskFlag(params.get('kiosk'))
  params.delete('kiosk')
  const rest = params.toString()
  return { hash: buildHash({ ...parseHash(hash), mode: kiosk ? 'wallboard' : 'laptop' }), search: rest === '' ? '' : `?${rest}` }
}

/**
 * The hash for opening `route` (e.g. a notification's "#/technical") from `current`: the route's
 * view, series and drill-down; its range when it names one, else the current range; and the
 * current display mode, so a wallboard stays a wallboard.
 */
export function mergeRoute(current: HashState, route: string): string {
  const target = parseHash(route)
  const q = route.indexOf('?')
  const namesRange = q !== -1 && new URLSearchParams(route.slice(q + 1)).has('range')
  const range = namesRange ? { range: target.range, from: target.from, to: target.to } : { range: current.range, from: current.from, to: current.to }
  return buildHash({ ...target, ...range, mode: current.mode })
}
