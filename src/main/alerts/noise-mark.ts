// An operator's noise mark: which firing episode it is about, and the mark and history row recorded for it.
import type { AlertHistoryInput, AlertInstance, AlertNoiseMark } from '@shared/alerts'
import { NotFoundError } from '../engine/errors'
import type { AlertStore } from '../store/alert-store'
import type { NoiseRequest } from './alert-service-types'

export interface NoiseTarget {
  rule: string
  severity: AlertInstance['severity']
  /** The episode's firedAt. */
  episode: number
  labels: AlertInstance['labels']
  value: number | null
}

/** The episode a mark is about: the alert's current one (unless another is named), else the one recorded in the history. */
export async function noiseTarget(req: NoiseRequest, active: AlertInstance | undefined, store: Pick<AlertStore, 'firing'>): Promise<NoiseTarget> {
  if (active && active.state === 'firing' && active.firedAt !== null && (req.episode === undefined || req.episode === active.firedAt)) {
    return { rule: active.rule, severity: active.severity, episode: active.firedAt, labels: active.labels, value: active.value }
  }
  const fired = await store.firing(req.id, req.episode)
  if (!fired || fired.rule === null || fired.severity === null) {
    throw new NotFoundError(`alert "${req.id}" has no recorded firing${req.episode === undefined ? '' : ` that started at ${new Date(req.episode).toISOString()}`}`)
  }
  return { rule: fired.rule, severity: fired.severity, episode: fired.at, labels: fired.labels, value: fired.value }
}

/** The mark and its history row. */
export function noiseRecord(req: NoiseRequest, target: NoiseTarget, now: number): { mark: AlertNoiseMark; entry: AlertHistoryInput } {
  const mark: AlertNoiseMark = { alertId: req.id, episode: target.episode, rule: target.rule, severity: target.severity, noise: req.noise, by: req.by, at: now }
  const entry: AlertHistoryInput = {
    at: now,
    kind: req.noise ? 'noise' : 'not-noise',
    alertId: req.id,
    rule: target.rule,
    severity: target.severity,
    groupKey: null,
    receivers: [],
    level: null,
    by: req.by,
    value: target.value,
    labels: target.labels,
    detail: `${req.noise ? 'marked as noise' : 'marked as a real alert'} (firing since ${new Date(target.episode).toISOString()})`
  }
  return { mark, entry }
}
