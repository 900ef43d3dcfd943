import { describe, expect, it } from 'vitest'
import {
  adoptKioskSearch,
  buildHash,
  DEFAULT_STATE,
  formatLabels,
  mergeRoute,
  parseHash,
  parseLabels,
  parseTime,
  viewForKey,
  type HashState
} from './hash-state'

describe('parseHash', () => {
  it('reads view, range, series and kiosk mode', () => {
    expect(parseHash('#/technical?range=7d&series=e2e_probe&kiosk=1')).toEqual({
      ...DEFAULT_STATE,
      view: 'technical',
      range: '7d',
      series: 'e2e_probe',
      mode: 'wallboard'
    })
  })

  it('accepts the older mode=wallboard and every common kiosk flag spelling', () => {
    expect(parseHash('#/executive?mode=wallboard').mode).toBe('wallboard')
    for (const flag of ['kiosk', 'kiosk=1', 'kiosk=true', 'kiosk=YES']) expect(parseHash(`#/executive?${flag}`).mode, flag).toBe('wallboard')
    for (const flag of ['kiosk=0', 'kiosk=false', '']) expect(parseHash(`#/executive?${flag}`).mode, flag).toBe('laptop')
  })

  it('defaults to the executive view, 24h, laptop mode, nothing open', () => {
    expect(parseHash('')).toEqual(DEFAULT_STATE)
    expect(parseHash('#')).toEqual(DEFAULT_STATE)
    expect(parseHash('#/')).toEqual(DEFAULT_STATE)
    expect(DEFAULT_STATE).toMatchObject({ view: 'executive', range: '24h', series: null, mode: 'laptop', drill: null })
  })

  it('keeps any configured view id, but not one the config schema would refuse', () => {
    expect(parseHash('#/cost-centre?range=1h').view).toBe('cost-centre')
    expect(parseHash('#/Operational/?range=1h').view).toBe('operational')
    expect(parseHash('#/9lives').view).toBe('executive')
    expect(parseHash('#/a%20b').view).toBe('executive')
    expect(parseHash('#/nope?range=5y')).toMatchObject({ view: 'nope', range: '24h' })
  })

  it('reads a custom range given as ISO times or epoch ms', () => {
    const s = parseHash('#/executive?range=custom&from=2025-06-01T00:00:00Z&to=2025-06-02T12:00:00.000Z')
    expect(s).toMatchObject({ range: 'custom', from: Date.UTC(2025, 5, 1), to: Date.UTC(2025, 5, 2, 12) })
    expect(parseHash('#/executive?range=custom&from=1000&to=5000')).toMatchObject({ range: 'custom', from: 1000, to: 5000 })
  })

  it('falls back to 24h for a custom range that is incomplete, unreadable or backwards', () => {
    for (const q of ['range=custom', 'range=custom&from=2025-06-01', 'range=custom&from=x&to=y', 'range=custom&from=5000&to=1000', 'range=custom&from=5&to=5']) {
      expect(parseHash(`#/executive?${q}`), q).toMatchObject({ range: '24h', from: null, to: null })
    }
    // from/to without range=custom are ignored.
    expect(parseHash('#/executive?range=7d&from=1&to=2')).toMatchObject({ range: '7d', from: null, to: null })
  })

  it('decodes series names and ignores blank ones', () => {
    expect(parseHash('#/executive?series=a%20b%2Fc').series).toBe('a b/c')
    expect(parseHash('#/executive?series=%20').series).toBeNull()
  })

  it('reads a drill-down target with labels, KPI and resolution', () => {
    expect(parseHash('#/technical?drill=service_latency_ms&labels=service%3Dcheckout%2Cregion%3Deu&kpi=latency&step=1h').drill).toEqual({
      series: 'service_latency_ms',
      labels: { service: 'checkout', region: 'eu' },
      kpi: 'latency',
      step: '1h'
    })
    expect(parseHash('#/technical?drill=cpu&step=5y').drill).toEqual({ series: 'cpu', labels: null, kpi: null, step: 'auto' })
    expect(parseHash('#/technical?drill=%20&labels=a%3Db').drill).toBeNull()
  })
})

describe('buildHash', () => {
  it('round-trips through parseHash', () => {
    const states: HashState[] = [
      { ...DEFAULT_STATE, view: 'operational', range: '90d', series: 'x y&z', mode: 'wallboard' },
      { ...DEFAULT_STATE, range: 'custom', from: Date.UTC(2025, 0, 1, 8, 30), to: Date.UTC(2025, 0, 3) },
      { ...DEFAULT_STATE, drill: { series: 'lat', labels: { 'svc,x': 'a=b', region: 'eu west' }, kpi: 'k', step: '1m' } }
    ]
    for (const state of states) expect(parseHash(buildHash(state))).toEqual(state)
  })

  it('always writes the range, and omits defaults for series, drill and mode', () => {
    expect(buildHash(DEFAULT_STATE)).toBe('#/executive?range=24h')
    expect(buildHash({ ...DEFAULT_STATE, view: 'technical', series: 'e2e_probe' })).toBe('#/technical?range=24h&series=e2e_probe')
    expect(buildHash({ ...DEFAULT_STATE, mode: 'wallboard' })).toBe('#/executive?range=24h&kiosk=1')
  })

  it('writes a custom range as ISO times', () => {
    expect(buildHash({ ...DEFAULT_STATE, range: 'custom', from: Date.UTC(2025, 5, 1), to: Date.UTC(2025, 5, 2) })).toBe(
      '#/executive?range=custom&from=2025-06-01T00%3A00%3A00.000Z&to=2025-06-02T00%3A00%3A00.000Z'
    )
  })

  it('writes the default range instead of a custom range without valid bounds', () => {
    expect(buildHash({ ...DEFAULT_STATE, range: 'custom', from: null, to: 5 })).toBe('#/executive?range=24h')
    expect(buildHash({ ...DEFAULT_STATE, range: 'custom', from: 9, to: 5 })).toBe('#/executive?range=24h')
  })

  it('writes a drill-down as drill, labels, kpi and step', () => {
    const hash = buildHash({ ...DEFAULT_STATE, view: 'technical', drill: { series: 'up', labels: { service: 'api' }, kpi: null, step: 'auto' } })
    expect(hash).toBe('#/technical?range=24h&drill=up&labels=service%3Dapi')
  })
})

describe('labels', () => {
  it('format sorted and parse back, escaping separators', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2')
    expect(parseLabels(formatLabels({ 'k,1': 'v=2', k2: 'x y' }))).toEqual({ 'k,1': 'v=2', k2: 'x y' })
  })

  it('skip malformed pairs', () => {
    expect(parseLabels('a=1,=2,novalue,b=%E0%A4%A')).toEqual({ a: '1' })
    expect(parseLabels('')).toBeNull()
    expect(parseLabels('x')).toBeNull()
  })
})

describe('parseTime', () => {
  it('reads ISO and epoch ms, refuses anything else', () => {
    expect(parseTime('2025-06-01T10:00:00Z')).toBe(Date.UTC(2025, 5, 1, 10))
    expect(parseTime('1700000000000')).toBe(1_700_000_000_000)
    expect(parseTime('yesterday')).toBeNull()
    expect(parseTime(null)).toBeNull()
    expect(parseTime(' ')).toBeNull()
  })
})

describe('viewForKey', () => {
  const ids = ['executive', 'operational', 'technical', 'cost']
  it('selects views with 1–9 when that many exist', () => {
    expect(viewForKey('1', 'technical', ids)).toBe('executive')
    expect(viewForKey('4', 'executive', ids)).toBe('cost')
    expect(viewForKey('5', 'executive', ids)).toBeNull()
    expect(viewForKey('0', 'executive', ids)).toBeNull()
  })

  it('cycles with the arrow keys, wrapping around', () => {
    expect(viewForKey('ArrowRight', 'executive', ids)).toBe('operational')
    expect(viewForKey('ArrowRight', 'cost', ids)).toBe('executive')
    expect(viewForKey('ArrowLeft', 'executive', ids)).toBe('cost')
    expect(viewForKey('ArrowRight', 'unknown', ids)).toBe('executive')
    expect(viewForKey('a', 'executive', ids)).toBeNull()
    expect(viewForKey('1', 'executive', [])).toBeNull()
  })
})

describe('adoptKioskSearch', () => {
  it('moves ?kiosk=1 into the hash and keeps other query parameters', () => {
    expect(adoptKioskSearch('?kiosk=1', '')).toEqual({ hash: '#/executive?range=24h&kiosk=1', search: '' })
    expect(adoptKioskSearch('?a=b&kiosk', '#/technical?range=7d')).toEqual({ hash: '#/technical?range=7d&kiosk=1', search: '?a=b' })
    expect(adoptKioskSearch('?kiosk=0', '#/technical?kiosk=1')).toEqual({ hash: '#/technical?range=24h', search: '' })
  })

  it('does nothing without a kiosk parameter', () => {
    expect(adoptKioskSearch('', '#/technical')).toBeNull()
    expect(adoptKioskSearch('?x=1', '#/technical')).toBeNull()
  })
})

describe('mergeRoute', () => {
  const current: HashState = { ...DEFAULT_STATE, view: 'executive', range: '7d', mode: 'wallboard' }
  it('opens the route view, keeping the current range and the wallboard mode', () => {
    expect(mergeRoute(current, '#/technical')).toBe('#/technical?range=7d&kiosk=1')
  })
  it('takes the range and drill-down the route names', () => {
    expect(mergeRoute({ ...current, mode: 'laptop' }, '#/technical?range=1h&drill=cpu')).toBe('#/technical?range=1h&drill=cpu')
  })
})

describe('the alert parameter', () => {
  it('carries ack=1 (a notification click opens the acknowledge form) only together with an alert', () => {
    const state = parseHash('#/alerts?alert=ab12&ack=1&kiosk=1')
    expect(state).toMatchObject({ view: 'alerts', alert: 'ab12', ack: true, mode: 'wallboard' })
    expect(buildHash(state)).toBe('#/alerts?range=24h&alert=ab12&ack=1&kiosk=1')
    expect(parseHash('#/alerts?ack=1').ack).toBe(false)
    expect(parseHash('#/alerts?alert=ab12&ack=yes').ack).toBe(false)
    expect(buildHash({ ...state, alert: null })).toBe('#/alerts?range=24h&kiosk=1')
    expect(parseHash(mergeRoute(parseHash('#/executive?range=7d'), '#/alerts?alert=ab12&ack=1'))).toMatchObject({ alert: 'ab12', ack: true, range: '7d' })
  })

  it('round-trips #/alerts?alert=<id>, keeps it through a notification route and drops nothing else', () => {
    const state = parseHash('#/alerts?alert=0123abcd&kiosk=1')
    expect(state).toMatchObject({ view: 'alerts', alert: '0123abcd', mode: 'wallboard' })
    expect(buildHash(state)).toBe('#/alerts?range=24h&alert=0123abcd&kiosk=1')
    expect(parseHash('#/executive').alert).toBeNull()
    expect(parseHash('#/alerts?alert=').alert).toBeNull()
    expect(state.ack).toBe(false)
    const opened = mergeRoute(parseHash('#/technical?range=7d&kiosk=1'), '#/alerts?alert=ff00')
    expect(parseHash(opened)).toMatchObject({ view: 'alerts', alert: 'ff00', range: '7d', mode: 'wallboard' })
  })
})
