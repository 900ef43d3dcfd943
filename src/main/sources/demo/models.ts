// ML model series: quality (accuracy, precision, recall, F1), speed and feature drift.
import { clamp, ramp } from './curves'
import type { DemoEnv, Emit } from './env'
import { noiseKey, wander } from './noise'
import { serviceDemand } from './services'

const CS = { model: 'cs-assistant' }
const FRAUD = { model: 'fraud-detector' }
const k = (name: string, model: string): number => noiseKey(`${name}/${model}`)
const K = {
  csQuality: k('model_accuracy', 'cs-assistant'),
  csLatency: k('model_inference_latency_ms', 'cs-assistant'),
  fraudQuality: k('model_accuracy', 'fraud-detector'),
  fraudLatency: k('model_inference_latency_ms', 'fraud-detector')
}

/** Features whose input distribution is tracked (PSI), with how strongly each follows the fraud drift. */
const DRIFT_FEATURES = [
  { labels: { model: 'fraud-detector', feature: 'transaction_amount' }, drift: 0.28 },
  { labels: { model: 'fraud-detector', feature: 'merchant_category' }, drift: 0.16 },
  { labels: { model: 'fraud-detector', feature: 'device_age' }, drift: 0.02 },
  { labels: { model: 'fraud-detector', feature: 'geo_distance' }, drift: 0.015 },
  { labels: { model: 'cs-assistant', feature: 'query_length' }, drift: 0 },
  { labels: { model: 'cs-assistant', feature: 'topic_mix' }, drift: 0 }
].map((f, i) => ({ ...f, key: noiseKey('model_feature_drift_psi', i) }))

function emitQuality(emit: Emit, labels: { model: string }, precision: number, recall: number, accuracy: number): void {
  const p = clamp(precision, 0, 1)
  const r = clamp(recall, 0, 1)
  emit('model_accuracy', labels, clamp(accuracy, 0, 1), 'ratio')
  emit('model_precision', labels, p, 'ratio')
  emit('model_recall', labels, r, 'ratio')
  emit('model_f1', labels, p + r > 0 ? (2 * p * r) / (p + r) : 0, 'ratio')
}

/** Emits the model series at one instant. */
export function emitModels(env: DemoEnv, emit: Emit): void {
  const { seed, t, p } = env
  // The customer-service assistant improves with each release (days 45 and 90).
  const release = (p >= 45 ? 0.015 : 0) + (p >= 90 ? 0.015 : 0)
  const csNoise = 0.004 * wander(seed, K.csQuality, t)
  const csAcc = 0.86 + 0.02 * ramp(p, 30, 10) + release + csNoise
  emitQuality(emit, CS, csAcc + 0.02, csAcc - 0.03, csAcc)
  const assistant = env.services['assistant-api']
  const csLatency = 410 * (0.85 + 0.3 * env.activity) * (1 + 0.06 * wander(seed, K.csLatency, t)) * assistant.latencyFactor
  emit('model_inference_latency_ms', CS, csLatency, 'ms')
  emit('model_throughput_rps', CS, assistant.down ? 0 : serviceDemand(env, 'assistant-api'), 'req/s')

  // The fraud model decays as transaction patterns drift away from its training data.
  const drift = env.fraudDrift
  const fNoise = 0.003 * wander(seed, K.fraudQuality, t)
  emitQuality(emit, FRAUD, 0.91 - 0.1 * drift + fNoise, 0.88 - 0.12 * drift + fNoise, 0.962 - 0.06 * drift + fNoise)
  const scoring = env.services['fraud-scoring']
  const fLatency = 11 * (0.9 + 0.2 * env.activity) * (1 + 0.05 * wander(seed, K.fraudLatency, t)) * scoring.latencyFactor
  emit('model_inference_latency_ms', FRAUD, fLatency, 'ms')
  emit('model_throughput_rps', FRAUD, scoring.down ? 0 : serviceDemand(env, 'fraud-scoring'), 'req/s')

  for (const f of DRIFT_FEATURES) {
    const psi = 0.025 + 0.012 * wander(seed, f.key, t) + f.drift * drift
    emit('model_feature_drift_psi', f.labels, Math.max(0, psi))
  }
}
