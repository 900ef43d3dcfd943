// Comparisons of rule conditions ("> 250") with values.
import type { Condition } from '@shared/config/alerting-schema'

/** True when `value` meets the condition (NaN meets only "!=", as in PromQL). */
export function meets(condition: Condition, value: number): boolean {
  const t = condition.threshold
  switch (condition.op) {
    case '>':
      return value > t
    case '>=':
      return value >= t
    case '<':
      return value < t
    case '<=':
      return value <= t
    case '==':
      return value === t
    case '!=':
      return value !== t
  }
}
