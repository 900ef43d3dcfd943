// Prometheus's alert state machine, per instance (rule + label set):
//   inactive → pending   when the condition becomes true (activeAt = now);
//   pending  → firing    once now − activeAt ≥ for (for = 0: in the same evaluation);
//   pending  → inactive  when the condition turns false before that (nothing was notified);
//   firing   → firing    while the condition holds;
//   firing   → resolved  when it no longer holds — unless keep_firing_for > 0: then it keeps
//                        firing until now − keepFiringSince ≥ keep_firing_for, where
//                        keepFiringSince is the first evaluation without the condition;
//                        the condition holding again in between clears keepFiringSince.
// While the condition holds, value and annotations follow each evaluation; while an alert is
// only kept firing they stay as they were at the last evaluation where it held (as Prometheus).
import type { AlertInstance, AlertState } from '@shared/alerts'
import type { Labels, Severity } from '@shared/types'
import type { AlertTransition } from './types'

export interface StepRule {
  name: string
  severity: Severity
  forMs: number
  keepFiringForMs: number
}

/** One instance's verdict, with its final labels and id already worked out. */
export interface InstanceSignal {
  id: string
  labels: Labels
  value: number | null
  met: boolean
  /** A firing instance may resolve (false: hysteresis holds it). */
  cleared: boolean
  /** Renders the annotations for this value (called only for instances that are active). */
  annotations: () => Record<string, string>
}

export interface StepResult {
  instances: Map<string, AlertInstance>
  transitions: AlertTransition[]
}

function isActive(a: AlertInstance | undefined): a is AlertInstance {
  return a !== undefined && (a.state === 'pending' || a.state === 'firing')
}

/** Advances every instance of one rule by one evaluation at `now`. Pure. */
export function stepInstances(rule: StepRule, previous: ReadonlyMap<string, AlertInstance>, signals: readonly InstanceSignal[], now: number): StepResult {
  const instances = new Map<string, AlertInstance>()
  const transitions: AlertTransition[] = []
  const record = (from: AlertState, instance: AlertInstance): void => {
    if (from !== instance.state) transitions.push({ id: instance.id, rule: rule.name, from, to: instance.state, at: now, instance })
  }

  for (const s of signals) {
    const prev = previous.get(s.id)
    const before = isActive(prev) && prev.rule === rule.name ? prev : undefined
    const holds = before?.state === 'firing' ? s.met || !s.cleared : s.met
    if (!holds || instances.has(s.id)) continue
    const inst: AlertInstance = before
      ? { ...before, value: s.value, annotations: s.annotations(), lastEvalAt: now, keepFiringSince: null }
      : {
          id: s.id,
          rule: rule.name,
          severity: rule.severity,
          state: 'pending',
          labels: s.labels,
          annotations: s.annotations(),
          value: s.value,
          activeAt: now,
          firedAt: null,
          resolvedAt: null,
          lastEvalAt: now,
          keepFiringSince: null
        }
    if (inst.state === 'pending' && now - (inst.activeAt as number) >= rule.forMs) {
      inst.state = 'firing'
      inst.firedAt = now
    }
    instances.set(s.id, inst)
    record(before?.state ?? 'inactive', inst)
  }

  for (const prev of previous.values()) {
    if (!isActive(prev) || prev.rule !== rule.name || instances.has(prev.id)) continue
    if (prev.state === 'pending') {
      record('pending', { ...prev, state: 'inactive', lastEvalAt: now })
      continue
    }
    const since = prev.keepFiringSince ?? now
    if (rule.keepFiringForMs > 0 && now - since < rule.keepFiringForMs) {
      instances.set(prev.id, { ...prev, keepFiringSince: since, lastEvalAt: now })
      continue
    }
    record('firing', { ...prev, state: 'resolved', resolvedAt: now, keepFiringSince: null, lastEvalAt: now })
  }
  return { instances, transitions }
}
