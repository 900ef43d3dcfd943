// Query keys for KPI values: refreshed on `config` (definitions changed) and when samples of a
// series some cached KPI reads arrive (see features/views/live-updates.ts).
import type { ArgsOf } from '@shared/api'

export const kpiKeys = {
  all: ['kpis'] as const,
  list: (args: ArgsOf<'getKpis'>) => ['kpis', { ids: args.ids ?? null, from: args.from, to: args.to, step: args.step ?? null }] as const
}
