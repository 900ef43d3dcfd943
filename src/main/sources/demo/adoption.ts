// Adoption series: who uses the assistants, which features, training, support load.
import { DAY, HOUR } from './calendar'
import { bump, clamp, ramp } from './curves'
import type { DemoEnv, Emit } from './env'
import { noiseKey, smooth, wander } from './noise'

/** Employees who can use the AI tools. */
export const ELIGIBLE_EMPLOYEES = 4200

const NONE = {}
const K_MAU = noiseKey('ai_monthly_active_users')
const K_DAU = noiseKey('ai_daily_active_users')
const K_TICKETS = noiseKey('support_tickets_open')

const FEATURES = [
  { labels: { feature: 'summarise' }, max: 72, centre: 40, key: noiseKey('ai_feature_utilisation_percent', 0) },
  { labels: { feature: 'draft' }, max: 58, centre: 50, key: noiseKey('ai_feature_utilisation_percent', 1) },
  { labels: { feature: 'search' }, max: 64, centre: 45, key: noiseKey('ai_feature_utilisation_percent', 2) },
  { labels: { feature: 'classify' }, max: 38, centre: 75, key: noiseKey('ai_feature_utilisation_percent', 3) }
]

/** Emits the adoption series at one instant. */
export function emitAdoption(env: DemoEnv, emit: Emit): void {
  const { seed, t, p } = env
  const mau = Math.round(
    clamp(ELIGIBLE_EMPLOYEES * (0.03 + 0.77 * env.adoption) * (1 + 0.02 * smooth(seed, K_MAU, t, 3 * DAY)), 0, ELIGIBLE_EMPLOYEES)
  )
  // Users active now: most of the monthly users during office hours, few at night and at weekends.
  const dau = Math.round(clamp(mau * (0.04 + 0.62 * env.activity) * (1 + 0.05 * smooth(seed, K_DAU, t, 2 * HOUR)), 0, mau))
  emit('ai_daily_active_users', NONE, dau, 'users')
  emit('ai_monthly_active_users', NONE, mau, 'users')
  emit('ai_adoption_rate_percent', NONE, (mau / ELIGIBLE_EMPLOYEES) * 100, '%')
  for (const f of FEATURES) {
    const v = f.max * ramp(p, f.centre, 10) + 2.5 * wander(seed, f.key, t)
    emit('ai_feature_utilisation_percent', f.labels, clamp(v, 0, 100), '%')
  }
  emit('training_completion_percent', NONE, 95 * (1 - Math.exp(-p / 35)), '%')
  // Tickets pile up in the roll-out wave and during office hours.
  const tickets = (30 + 150 * bump(p, 45, 18) + 12 * env.adoption) * (0.85 + 0.3 * env.activity) * (1 + 0.08 * wander(seed, K_TICKETS, t))
  emit('support_tickets_open', NONE, Math.max(0, Math.round(tickets)), 'tickets')
}
