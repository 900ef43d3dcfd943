// Which saved alert instances a restart carries on with.
import type { AlertInstance } from '@shared/alerts'

/** A saved instance that can be carried on: the rule's, pending or firing, with the fields the evaluator uses. */
export function isActiveInstance(a: unknown, rule: string): a is AlertInstance {
  if (typeof a !== 'object' || a === null) return false
  const x = a as Partial<AlertInstance>
  return (
    typeof x.id === 'string' &&
    x.rule === rule &&
    (x.state === 'pending' || x.state === 'firing') &&
    typeof x.labels === 'object' &&
    x.labels !== null &&
    typeof x.annotations === 'object' &&
    x.annotations !== null &&
    typeof x.lastEvalAt === 'number'
  )
}
