// The query key of a contract call. Panels query exactly the calls their view plan lists
// (src/shared/views/panel-requests.ts); the keys put each call under its feature's prefix, so
// push events invalidate them (['series', name] on samples, ['annotations'] on annotation, …).
import type { ContractCall } from '@shared/views/panel-requests'
import { annotationKeys } from '../features/annotations/annotation-keys'
import { healthKeys } from '../features/health/health-keys'
import { kpiKeys } from '../features/kpis/kpi-keys'
import { milestoneKeys } from '../features/milestones/milestone-keys'
import { seriesKeys } from '../features/series/series-keys'
import { viewsKeys } from '../features/views/views-keys'

/** The TanStack Query key for a call. */
export function callKey(call: ContractCall): readonly unknown[] {
  switch (call.method) {
    case 'queryRange': {
      const a = call.args
      return seriesKeys.range(a.series, a.labels, a.from, a.to, a.step, a.agg)
    }
    case 'queryGrouped': {
      const a = call.args
      return seriesKeys.grouped(a.series, a.labels, a.by, a.from, a.to, a.step, a.agg)
    }
    case 'latest':
      return seriesKeys.latest(call.args.series, call.args.labels)
    case 'getKpis':
      return kpiKeys.list(call.args)
    case 'getMilestones':
      return milestoneKeys.all
    case 'listAnnotations':
      return annotationKeys.list(call.args)
    case 'getHealth':
      return healthKeys.all
    case 'getViews':
      return viewsKeys.all
    default:
      return ['call', call.method, call.args]
  }
}
