// The answers an archive carries for review mode (its analytics member, see archive/format.ts):
// read and checked here, and turned into what the review engine uses: the business snapshot, the
// latest-value cache's contents and a lookup of the views' panel forecasts.
import type { ForecastView } from '@shared/analytics'
import type { ArgsOf, ViewsResult } from '@shared/api'
import type { PanelConfig } from '@shared/config/views-schema'
import { forecastCall } from '@shared/views/panel-requests'
import type { BusinessSnapshot } from '../analytics/business-service'
import { canonicalJson } from '../archive/canonical-json'
import type { ArchivedAnalytics } from '../archive/format'

/** What review mode takes from the analytics member. */
export interface ReviewAnswers {
  snapshot: BusinessSnapshot
  /** Every series' latest sample as (series id, ts, value); null when the member has none. */
  latest: [number, number, number][] | null
  /** getForecast answers by canonical args. */
  forecasts: Map<string, ForecastView>
}

/** Parses the analytics member; throws when it is not this Vigil's (`version`) or not of the expected shape. */
export function parseReviewAnswers(text: string, version: string): ReviewAnswers {
  const a = JSON.parse(text) as Partial<ArchivedAnalytics> | null
  if (!a || typeof a.appVersion !== 'string' || typeof a.forecasts !== 'object' || a.forecasts === null || !Array.isArray(a.recommendations)) {
    throw new Error('it does not hold { appVersion, forecasts, recommendations }')
  }
  if (a.appVersion !== version) throw new Error(`it was computed by Vigil ${a.appVersion}, this is ${version}`)
  const forecasts = new Map<string, ForecastView>()
  if (a.panelForecasts !== undefined) {
    if (!Array.isArray(a.panelForecasts)) throw new Error('panelForecasts is not a list')
    a.panelForecasts.forEach((p, i) => {
      if (!p || typeof p.args !== 'object' || p.args === null || typeof p.forecast !== 'object' || p.forecast === null) {
        throw new Error(`panelForecasts[${i}] is not { args, forecast }`)
      }
      forecasts.set(forecastKey(p.args), p.forecast)
    })
  }
  return {
    snapshot: { forecasts: a.forecasts, recommendations: a.recommendations },
    latest: a.latest === undefined ? null : decodeLatest(a.latest),
    forecasts
  }
}

/** The latest values as the member stores them: a value JSON cannot hold (NaN, ±Infinity) as its string. */
export function encodeLatest(rows: readonly [number, number, number][]): [number, number, number | string][] {
  return rows.map(([id, ts, value]) => [id, ts, Number.isFinite(value) ? value : String(value)])
}

function decodeLatest(raw: unknown): [number, number, number][] {
  if (!Array.isArray(raw)) throw new Error('latest is not a list')
  return raw.map((row: unknown, i) => {
    const bad = (): Error => new Error(`latest[${i}] is not [series id, ts, value]: ${JSON.stringify(row)?.slice(0, 80)}`)
    if (!Array.isArray(row) || row.length !== 3) throw bad()
    const [id, ts, stored] = row as unknown[]
    const value = typeof stored === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(stored) ? Number(stored) : stored
    if (!Number.isInteger(id) || typeof ts !== 'number' || typeof value !== 'number') throw bad()
    return [id as number, ts, value]
  })
}

/** The key a getForecast request is looked up by: its arguments as canonical JSON (absent and undefined fields alike). */
export function forecastKey(args: ArgsOf<'getForecast'>): string {
  return canonicalJson(args)
}

/** Every distinct getForecast request the views' panels make (a forecast does not depend on the view's window). */
export function viewForecastCalls(views: ViewsResult): ArgsOf<'getForecast'>[] {
  const byKey = new Map<string, ArgsOf<'getForecast'>>()
  for (const view of views.views) {
    for (const panel of view.panels as PanelConfig[]) {
      if (panel.type !== 'kpi-chart' && panel.type !== 'forecast') continue
      const call = forecastCall(panel)
      if (call) byKey.set(forecastKey(call.args), call.args)
    }
  }
  return [...byKey.values()]
}
