// Group identity and the keys derived from it. Keys are pure functions of stable inputs, so the
// same group, receiver and episode always produce the same dedup key (also after a restart).
import { createHash } from 'node:crypto'
import type { Labels } from '@shared/types'
import type { RouteSpec } from './types'

/** The label values an alert contributes to its group on this route. */
export function groupLabels(route: RouteSpec, labels: Labels): Labels {
  const names = route.groupBy.includes('...') ? Object.keys(labels) : route.groupBy
  const out: Labels = {}
  for (const name of [...names].sort()) out[name] = labels[name] ?? ''
  return out
}

/** Readable, stable group key: route id + sorted group labels, e.g. `critical{alertname="X"}`. */
export function groupKey(routeId: string, groupLabelSet: Labels): string {
  const pairs = Object.keys(groupLabelSet)
    .sort()
    .map((name) => `${name}=${JSON.stringify(groupLabelSet[name])}`)
  return `${routeId}{${pairs.join(',')}}`
}

/** Stable per group + receiver + episode: what PagerDuty calls dedup_key. */
export function dedupKey(group: string, receiver: string, episodeStart: number): string {
  const digest = createHash('sha256').update(`${group}\u0000${receiver}\u0000${episodeStart}`).digest('hex')
  return `vigil-${digest.slice(0, 32)}`
}

/** Unique per intent: the dedup key plus the receiver's sequence number in the episode. */
export function notificationId(dedup: string, seq: number): string {
  return `${dedup}-${seq}`
}
