// The app's navigation state lives in the URL hash, e.g. "#/technical?range=24h&series=e2e_probe",
// so every wallboard view is a bookmarkable, shareable URL.

export const VIEW_IDS = ['executive', 'operational', 'technical'] as const
export type ViewId = (typeof VIEW_IDS)[number]

export const RANGE_KEYS = ['1h', '24h', '7d', '30d', '90d'] as const
export type RangeKey = (typeof RANGE_KEYS)[number]

/** laptop: range control, explore input and zoom; wallboard: display only, nothing needs a mouse. */
export type DisplayMode = 'laptop' | 'wallboard'

export interface HashState {
  view: ViewId
  range: RangeKey
  /** Series shown in the Explore panel, or null. */
  series: string | null
  mode: DisplayMode
}

export const DEFAULT_STATE: HashState = { view: 'executive', range: '24h', series: null, mode: 'laptop' }

const isView = (v: string): v is ViewId => (VIEW_IDS as readonly string[]).includes(v)
const isRange = (v: string): v is RangeKey => (RANGE_KEYS as readonly string[]).includes(v)

/** Parses a location hash; unknown or missing parts fall back to the defaults. */
export function parseHash(hash: string): HashState {
  const body = hash.replace(/^#/, '')
  const q = body.indexOf('?')
  const path = (q === -1 ? body : body.slice(0, q)).replace(/^\/+|\/+$/g, '').toLowerCase()
  const params = new URLSearchParams(q === -1 ? '' : body.slice(q + 1))
  const range = params.get('range') ?? ''
  const series = (params.get('series') ?? '').trim()
  return {
    view: isView(path) ? path : DEFAULT_STATE.view,
    range: isRange(range) ? range : DEFAULT_STATE.range,
    series: series === '' ? null : series,
    mode: params.get('mode') === 'wallboard' ? 'wallboard' : 'laptop'
  }
}

/** Builds the hash for a state; range is always written so a shared URL shows the same window. */
export function buildHash(state: HashState): string {
  const params = new URLSearchParams()
  params.set('range', state.range)
  if (state.series) params.set('series', state.series)
  if (state.mode !== 'laptop') params.set('mode', state.mode)
  return `#/${state.view}?${params.toString()}`
}

/** The view a key press selects: 1/2/3 pick a view, arrow keys cycle; null when the key is not a view key. */
export function viewForKey(key: string, current: ViewId): ViewId | null {
  const digit = Number(key)
  if (Number.isInteger(digit) && digit >= 1 && digit <= VIEW_IDS.length) return VIEW_IDS[digit - 1]
  const i = VIEW_IDS.indexOf(current)
  if (key === 'ArrowRight') return VIEW_IDS[(i + 1) % VIEW_IDS.length]
  if (key === 'ArrowLeft') return VIEW_IDS[(i - 1 + VIEW_IDS.length) % VIEW_IDS.length]
  return null
}
