// Business series: money in, money back, milestones and satisfaction.
import { bump, clamp, logisticIntegral, ramp } from './curves'
import type { DemoEnv, Emit } from './env'
import { noiseKey, signed, smooth } from './noise'
import { DAY } from './calendar'

const NONE = {}
const K_MILESTONE = noiseKey('milestone_due')
const K_RISK = noiseKey('milestones_at_risk_total')
const K_CSAT = noiseKey('customer_satisfaction_score')
const K_ESAT = noiseKey('employee_satisfaction_score')

/** Cumulative spend: platform build-out (front-loaded), run cost per day, monthly licence invoices. */
export function investmentUsd(p: number, started: boolean): number {
  if (!started) return 0
  return 1_500_000 * (1 - Math.exp(-p / 40)) + 2_500 * p + 45_000 * (Math.floor(p / 30) + 1)
}

/** Cumulative cost savings: the saving rate follows adoption of the assistants (half-way ~day 45). */
export function costSavingsUsd(p: number): number {
  return 22_000 * logisticIntegral(p, 45, 12)
}

/** Cumulative revenue impact: later than savings (better fraud decisions, faster service, ~day 60). */
export function revenueImpactUsd(p: number): number {
  return 14_000 * logisticIntegral(p, 60, 14)
}

/** Planned milestones: 18, re-planned to 22 on day 60 and 26 on day 150. */
export function milestonesPlanned(p: number): number {
  return 18 + (p >= 60 ? 4 : 0) + (p >= 150 ? 4 : 0)
}

/** Milestone i is completed about every 6.5 days, ±3 days (the spacing keeps the dates in order). */
function milestonesCompleted(seed: number, p: number, planned: number): number {
  let n = 0
  for (let i = 0; i < planned; i++) {
    const due = 6.5 * (i + 1) + 3 * signed(seed, K_MILESTONE, i)
    if (due > p) break
    n++
  }
  return n
}

/** Emits the business series at one instant. */
export function emitBusiness(env: DemoEnv, emit: Emit): void {
  const { seed, t, p } = env
  const started = env.day >= 0
  const investment = investmentUsd(p, started)
  const savings = costSavingsUsd(p)
  const revenue = revenueImpactUsd(p)
  const benefits = savings + revenue
  emit('ai_investment_usd_total', NONE, investment, 'USD')
  emit('ai_benefits_usd_total', NONE, benefits, 'USD')
  emit('ai_revenue_impact_usd_total', NONE, revenue, 'USD')
  emit('ai_cost_savings_usd_total', NONE, savings, 'USD')
  if (investment > 0) {
    emit('ai_roi_percent', NONE, ((benefits - investment) / investment) * 100, '%')
    // Capped at 100: the investment is paid back then.
    emit('ai_payback_progress_percent', NONE, Math.min(100, (benefits / investment) * 100), '%')
  }
  const planned = milestonesPlanned(p)
  const completed = milestonesCompleted(seed, p, planned)
  emit('milestones_planned_total', NONE, planned)
  emit('milestones_completed_total', NONE, completed)
  // Risk peaks during the big roll-out (days 40–80) and moves week by week.
  const risk = 1.2 + 1.3 * smooth(seed, K_RISK, t, 7 * DAY) + 2.2 * bump(p, 60, 18)
  emit('milestones_at_risk_total', NONE, Math.round(clamp(risk, 0, planned - completed)))

  const assistant = env.services['assistant-api']
  const assistantTrouble = assistant.down || assistant.latencyFactor > 1 ? 0.25 : 0
  const csat = 3.6 + 0.55 * ramp(p, 55, 12) + 0.06 * smooth(seed, K_CSAT, t, DAY) - assistantTrouble
  emit('customer_satisfaction_score', NONE, clamp(csat, 0, 5), 'score')
  // Change fatigue during the roll-out before the benefits are felt.
  const esat = 3.4 - 0.35 * bump(p, 55, 15) + 0.5 * ramp(p, 70, 12) + 0.05 * smooth(seed, K_ESAT, t, 2 * DAY)
  emit('employee_satisfaction_score', NONE, clamp(esat, 0, 5), 'score')
}
