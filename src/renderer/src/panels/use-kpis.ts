// KPI panels read their KPIs from the view's one shared getKpis answer. The engine refuses the
// whole call when one id is unknown (e.g. a built-in view names a KPI the user's config
// dropped); then the panels asking for unknown ids say so, and the others share one follow-up
// call without those ids, so one bad reference does not blank every KPI of the view.
import type { UseQueryResult } from '@tanstack/react-query'
import type { KpiValue } from '@shared/kpi'
import type { CallOf } from '@shared/views/panel-requests'
import { useCall } from '../views/use-call'

export interface KpiLookup {
  query: UseQueryResult<KpiValue[]>
  /** The KPIs in the requested order; undefined entries were not returned by the engine. */
  kpis: (KpiValue | undefined)[]
  /** Ids the engine does not know (not defined in vigil.yaml, or a renamed KPI). */
  missing: string[]
}

/** The ids an engine error names as unknown ('unknown KPI ids "a", "b" (…)'), or null for other errors. */
export function unknownKpiIds(error: unknown): string[] | null {
  const message = error instanceof Error ? error.message : String(error ?? '')
  const m = /unknown KPI ids? ((?:"[^"]*"(?:, )?)+)/i.exec(message)
  return m ? [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]) : null
}

/** The shared call without the unknown ids (null when nothing would be left). */
export function withoutIds(call: CallOf<'getKpis'>, unknown: readonly string[]): CallOf<'getKpis'> | null {
  const ids = (call.args.ids ?? []).filter((id) => !unknown.includes(id))
  return ids.length > 0 ? { method: 'getKpis', args: { ...call.args, ids } } : null
}

/** The KPIs `ids` from the shared call (each panel asks for its own ids). */
export function useKpis(call: CallOf<'getKpis'>, ids: readonly string[]): KpiLookup {
  const shared = useCall(call)
  const unknown = shared.error && !shared.data ? unknownKpiIds(shared.error) : null
  const fallback = useCall(unknown ? withoutIds(call, unknown) : null)
  const query = unknown ? fallback : shared
  const byId = new Map((Array.isArray(query.data) ? query.data : []).map((k) => [k.id, k]))
  const kpis = ids.map((id) => byId.get(id))
  const missing = unknown ? ids.filter((id) => unknown.includes(id)) : query.data ? ids.filter((id) => !byId.has(id)) : []
  return { query, kpis, missing }
}

/** The message for KPI ids the engine did not return. */
export function missingKpiMessage(missing: readonly string[]): string {
  const list = missing.map((id) => `"${id}"`).join(', ')
  return `Unknown KPI ${list}: the engine has no such KPI (define it under kpis: in vigil.yaml)`
}
