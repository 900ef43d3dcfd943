// Business process series: each moves from its pre-AI baseline towards its AI-assisted target
// as the matching assistant is adopted, with office-hour rhythm, noise and incident setbacks.
import { clamp, ramp } from './curves'
import type { DemoEnv, Emit } from './env'
import type { ServiceCondition } from './env'
import { noiseKey, wander } from './noise'
import { PROCESS_LEVELS, processUnit } from './baselines'

type Level = { readonly baseline: number; readonly target: number }

const CS = { process: 'customer-service' }
const FRAUD = { process: 'fraud-detection' }
const key = (series: string, process: string): number => noiseKey(`${series}/${process}`)
const KEYS = new Map<string, number>()
for (const [process, levels] of Object.entries(PROCESS_LEVELS)) {
  for (const series of Object.keys(levels)) KEYS.set(`${series}/${process}`, key(series, process))
}

/** A service in trouble (down or slow) takes most of the AI gain away while it lasts. */
function troubled(c: ServiceCondition): boolean {
  return c.down || c.latencyFactor > 1
}

/** Emits the process series at one instant. */
export function emitProcesses(env: DemoEnv, emit: Emit): void {
  const { seed, t } = env
  const w = (series: string, process: string): number => wander(seed, KEYS.get(`${series}/${process}`)!, t)
  const at = (level: Level, eff: number): number => level.baseline + (level.target - level.baseline) * eff

  {
    const L = PROCESS_LEVELS['customer-service']
    const P = CS.process
    const assistant = env.services['assistant-api']
    const eff = ramp(env.p, 55, 12) * (troubled(assistant) ? 0.3 : 1)
    const out = (series: keyof typeof L, value: number): void => emit(series, CS, value, processUnit(series))
    out('process_handle_time_seconds', at(L.process_handle_time_seconds, eff) * (0.96 + 0.08 * env.activity) * (1 + 0.04 * w('process_handle_time_seconds', P)))
    out('process_first_contact_resolution_percent', clamp(at(L.process_first_contact_resolution_percent, eff) + 2 * w('process_first_contact_resolution_percent', P), 0, 100))
    out('process_throughput_per_hour', Math.max(0, at(L.process_throughput_per_hour, eff) * env.load * (1 + 0.05 * w('process_throughput_per_hour', P))))
    out('process_cost_per_case_usd', at(L.process_cost_per_case_usd, eff) * (1 + 0.03 * w('process_cost_per_case_usd', P)))
    const errors = at(L.process_error_rate_percent, eff) * (1 + 0.15 * w('process_error_rate_percent', P)) + 0.1 * assistant.errorBoost
    out('process_error_rate_percent', clamp(errors, 0, 100))
  }
  {
    const L = PROCESS_LEVELS['fraud-detection']
    const P = FRAUD.process
    const scoring = env.services['fraud-scoring']
    const eff = ramp(env.p, 40, 10) * (troubled(scoring) ? 0.3 : 1)
    const drift = env.fraudDrift
    const out = (series: keyof typeof L, value: number): void => emit(series, FRAUD, value, processUnit(series))
    out('process_handle_time_seconds', at(L.process_handle_time_seconds, eff) * (0.95 + 0.1 * env.activity) * (1 + 0.04 * w('process_handle_time_seconds', P)))
    out('process_throughput_per_hour', Math.max(0, at(L.process_throughput_per_hour, eff) * env.load * (1 + 0.05 * w('process_throughput_per_hour', P))))
    out('process_cost_per_case_usd', at(L.process_cost_per_case_usd, eff) * (1 + 0.03 * w('process_cost_per_case_usd', P)))
    const errors = at(L.process_error_rate_percent, eff) * (1 + 0.15 * w('process_error_rate_percent', P)) + 0.1 * scoring.errorBoost
    out('process_error_rate_percent', clamp(errors, 0, 100))
    // A drifting model catches less fraud and flags more good transactions.
    out('fraud_detection_rate_percent', clamp(at(L.fraud_detection_rate_percent, eff) - 9 * drift + 1.2 * w('fraud_detection_rate_percent', P), 0, 100))
    out('fraud_false_positive_rate_percent', clamp(at(L.fraud_false_positive_rate_percent, eff) + 2.6 * drift + 0.4 * w('fraud_false_positive_rate_percent', P), 0, 100))
    out('fraud_review_time_minutes', Math.max(0, at(L.fraud_review_time_minutes, eff) * (0.92 + 0.16 * env.activity) * (1 + 0.05 * w('fraud_review_time_minutes', P))))
  }
}
