// The KPI and milestone part of the API: getKpis and getMilestones over the store and the
// current config. Each distinct series reference is read once per request (one catalog lookup,
// one latest()), the trends of all of them in one batched range query, alongside the baselines;
// reads are shared by every KPI using them and by concurrent requests for the same window (while
// in flight, never after); parsed formulas are cached by their text.
import type { VigilApi } from '@shared/api'
import type { KpiConfig, VigilConfig } from '@shared/config/schema'
import type { KpiValue } from '@shared/kpi'
import { formulaRefs, parseFormula, type Formula, type SeriesRef } from '@shared/kpi-formula'
import type { MetricStore } from '../store/metric-store'
import { BadRequestError } from '../engine/errors'
import { MAX_BUCKETS, pickStep } from '../engine/pick-step'
import { BaselineResolver } from './baseline'
import { mapBounded } from './bounded'
import { buildKpiValue, refProblem } from './kpi-value'
import { summariseMilestones } from './milestones'
import { ProgrammeStartResolver } from './programme-start'
import { describeReferences, LIVE_SLACK_MS, readReferences, type ReadWindow, type RefData } from './reference-reader'

/** KPIs whose baselines are resolved at once per request (their reads batch in the store). */
const CONCURRENCY = 4
const MAX_CACHED_FORMULAS = 1000

export interface KpiApiDeps {
  store: MetricStore
  config(): VigilConfig
  now(): number
}

type Parsed = { formula: Formula; refs: SeriesRef[] } | { parseError: string }

/** Builds getKpis and getMilestones. */
export function createKpiApi(deps: KpiApiDeps): Pick<VigilApi, 'getKpis' | 'getMilestones'> {
  const { store } = deps
  const formulas = new Map<string, Parsed>()
  const inFlight = new Map<string, Promise<RefData>>()
  const baselines = new BaselineResolver()
  const programmeStart = new ProgrammeStartResolver(store)

  const parse = (text: string): Parsed => {
    let parsed = formulas.get(text)
    if (parsed === undefined) {
      try {
        const formula = parseFormula(text)
        parsed = { formula, refs: formulaRefs(formula) }
      } catch (err) {
        parsed = { parseError: (err as Error).message }
      }
      if (formulas.size >= MAX_CACHED_FORMULAS) formulas.clear()
      formulas.set(text, parsed)
    }
    return parsed
  }

  // Concurrent requests for the same window (a view's panels load together) share the reads;
  // the references nobody is reading yet are read in one batch.
  const readAll = (described: readonly RefData[], w: ReadWindow): Promise<RefData[]> => {
    const keyOf = (ref: SeriesRef): string => `${ref.key}\u0000${w.from}\u0000${w.to}\u0000${w.stepS}\u0000${w.to >= w.now - LIVE_SLACK_MS}`
    const missing = described.filter((d) => !inFlight.has(keyOf(d.ref)))
    if (missing.length > 0) {
      const batch = readReferences(store, missing, w)
      missing.forEach(({ ref }, i) => {
        const key = keyOf(ref)
        const p = batch.then((list) => list[i])
        const forget = (): void => {
          if (inFlight.get(key) === p) inFlight.delete(key)
        }
        p.then(forget, forget)
        inFlight.set(key, p)
      })
    }
    return Promise.all(described.map((d) => inFlight.get(keyOf(d.ref)) as Promise<RefData>))
  }

  return {
    async getKpis({ ids, from, to, step }) {
      const config = deps.config()
      const now = deps.now()
      const kpis = selectKpis(config.kpis, ids)
      const w: ReadWindow = { from, to, stepS: checkedStep(from, to, step), now }
      const parsed = kpis.map((k) => parse(k.formula))
      const refs = new Map<string, SeriesRef>()
      for (const p of parsed) if ('refs' in p) for (const r of p.refs) refs.set(r.key, r)
      const described = await describeReferences(store, [...refs.values()])
      const catalog = new Map(described.map((d) => [d.ref.key, d]))
      const needsStart = kpis.some((k) => typeof k.baseline === 'object')
      const start = needsStart ? await programmeStart.resolve(config, now) : { start: null, error: null }
      // Baselines need only the catalog, so they are read alongside the trends, not after them.
      const [reads, baselineResults] = await Promise.all([
        readAll(described, w),
        mapBounded(kpis, CONCURRENCY, (kpi, i) => {
          const p = parsed[i]
          const own = new Map('refs' in p ? p.refs.map((r) => [r.key, catalog.get(r.key) as RefData]) : [])
          return baselines.resolve(kpi, 'formula' in p ? p.formula : null, {
            store,
            now,
            programmeStart: start.start,
            startError: start.error,
            refs: own,
            refProblem
          })
        })
      ])
      const data = new Map(reads.map((d) => [d.ref.key, d]))
      return kpis.map((kpi, i): KpiValue => buildKpiValue(kpi, parsed[i], data, baselineResults[i], { from, to, now }))
    },

    async getMilestones() {
      const config = deps.config()
      const now = deps.now()
      const start = await programmeStart.resolve(config, now)
      return summariseMilestones({
        programme: { name: config.programme.name, start: start.start },
        startError: start.error,
        milestones: config.milestones,
        atRiskWindowMs: config.milestone_rules.at_risk_window,
        now
      })
    }
  }
}

/** The KPIs asked for, in config order; unknown ids are a bad request naming them. */
function selectKpis(kpis: readonly KpiConfig[], ids: readonly string[] | undefined): KpiConfig[] {
  if (ids === undefined) return [...kpis]
  const known = new Set(kpis.map((k) => k.id))
  const unknown = [...new Set(ids.filter((id) => !known.has(id)))]
  if (unknown.length > 0) {
    const list = unknown.map((id) => `"${id}"`).join(', ')
    throw new BadRequestError(`unknown KPI id${unknown.length > 1 ? 's' : ''} ${list} (not under kpis: in the config)`)
  }
  const wanted = new Set(ids)
  return kpis.filter((k) => wanted.has(k.id))
}

/** The trend's bucket width in seconds; refuses a step giving more than MAX_BUCKETS points. */
function checkedStep(from: number, to: number, step: number | undefined): number {
  const stepS = step ?? pickStep(from, to)
  const buckets = (to - from) / (stepS * 1000)
  if (buckets > MAX_BUCKETS) {
    throw new BadRequestError(`step ${stepS}s over ${Math.round((to - from) / 1000)}s gives ${Math.ceil(buckets)} points; the limit is ${MAX_BUCKETS} (use a larger step)`)
  }
  return stepS
}
