// When escalation levels fall due. The clock starts when the group starts firing, never runs
// before group_wait has passed, and stands still while the group is acknowledged.
import type { GroupState, RouteSpec } from './types'

/** Time at which level `index` of the route falls due for this group (ignoring a current ack). */
export function levelDueAt(g: GroupState, route: RouteSpec, index: number): number {
  return Math.max(g.firstFlushAt, g.firingSince + route.escalation[index].afterMs + g.ackedMs)
}

/** Indexes of levels not yet reached whose time has come at `now`, in order. */
export function dueLevels(g: GroupState, route: RouteSpec, now: number): number[] {
  const due: number[] = []
  for (let i = g.levelReached + 1; i < route.escalation.length; i++) {
    if (levelDueAt(g, route, i) > now) break
    due.push(i)
  }
  return due
}

/** The first grid point of the group's flush schedule after `now`. */
export function nextFlushAfter(g: GroupState, route: RouteSpec, now: number): number {
  const step = route.groupIntervalMs
  if (g.nextFlushAt > now) return g.nextFlushAt
  return g.nextFlushAt + step * (Math.floor((now - g.nextFlushAt) / step) + 1)
}
