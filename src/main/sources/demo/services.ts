// Technical series of the platform: service health, latency, traffic and errors, and GPUs.
import { bump, clamp } from './curves'
import type { DemoEnv, Emit } from './env'
import { DEMO_SERVICES, type DemoService } from './incidents'
import { noiseKey, wander } from './noise'

interface ServiceSpec {
  /** p95 latency at an average load, ms. */
  latencyMs: number
  /** Error rate on a normal day, %. */
  errorPercent: number
}

const SPECS: Record<DemoService, ServiceSpec> = {
  'assistant-api': { latencyMs: 820, errorPercent: 0.4 },
  'fraud-scoring': { latencyMs: 38, errorPercent: 0.15 },
  'vector-db': { latencyMs: 24, errorPercent: 0.1 },
  etl: { latencyMs: 950, errorPercent: 0.3 }
}

const LABELS = Object.fromEntries(DEMO_SERVICES.map((s) => [s, { service: s }])) as Record<DemoService, { service: string }>
const keys = (name: string) => Object.fromEntries(DEMO_SERVICES.map((s, i) => [s, noiseKey(name, i)])) as Record<DemoService, number>
const K_LATENCY = keys('service_latency_ms')
const K_RPS = keys('service_requests_per_second')
const K_ERRORS = keys('service_error_rate_percent')

const GPUS = [0, 1, 2, 3].map((i) => ({
  labels: { gpu: String(i) },
  util: noiseKey('gpu_utilisation_percent', i),
  mem: noiseKey('gpu_memory_used_percent', i)
}))

/** Requests per second a service would serve now if it were up. */
export function serviceDemand(env: DemoEnv, service: DemoService): number {
  switch (service) {
    case 'assistant-api':
      return 0.3 + 38 * env.adoption * env.load
    case 'fraud-scoring':
      // Card transactions arrive around the clock, more in the day.
      return 150 * (0.5 + 0.5 * env.load)
    case 'vector-db':
      return 2 + 3.2 * (0.3 + 38 * env.adoption * env.load)
    case 'etl':
      // Nightly batch window around 02:30 UTC.
      return 8 + 30 * bump(env.hour, 2.5, 1.2)
  }
}

/** Emits service and GPU series at one instant. */
export function emitServices(env: DemoEnv, emit: Emit): void {
  const { seed, t } = env
  const vectorDb = env.services['vector-db']
  for (const service of DEMO_SERVICES) {
    const c = env.services[service]
    const labels = LABELS[service]
    const spec = SPECS[service]
    emit('service_up', labels, c.down ? 0 : 1)
    if (!c.down) {
      // No successful requests while down, so no latency percentile then.
      let latency = spec.latencyMs * (0.85 + 0.3 * env.activity) * (1 + 0.08 * wander(seed, K_LATENCY[service], t)) * c.latencyFactor
      if (service === 'assistant-api' && vectorDb.latencyFactor > 1) latency *= 1.6
      emit('service_latency_ms', labels, latency, 'ms')
    }
    const rps = c.down ? 0 : serviceDemand(env, service) * (1 + 0.06 * wander(seed, K_RPS[service], t))
    emit('service_requests_per_second', labels, Math.max(0, rps), 'req/s')
    let errors = spec.errorPercent * (1 + 0.3 * wander(seed, K_ERRORS[service], t)) + c.errorBoost
    if (service === 'assistant-api' && vectorDb.down) errors += 35
    emit('service_error_rate_percent', labels, c.down ? 100 : clamp(errors, 0, 100), '%')
  }

  const assistantDown = env.services['assistant-api'].down
  const batch = env.hour >= 1 && env.hour < 5
  for (const g of GPUS) {
    const inference = g.labels.gpu !== '3'
    let util: number
    let mem: number
    if (inference) {
      util = assistantDown ? 3 + 2 * Math.abs(wander(seed, g.util, t)) : 6 + 80 * env.adoption * env.activity + 4 * wander(seed, g.util, t)
      mem = 58 + 14 * env.adoption + 3 * wander(seed, g.mem, t)
    } else {
      // GPU 3 runs the nightly training and batch jobs.
      util = batch ? 92 + 5 * wander(seed, g.util, t) : 8 + 4 * wander(seed, g.util, t)
      mem = batch ? 86 + 4 * wander(seed, g.mem, t) : 18 + 3 * wander(seed, g.mem, t)
    }
    emit('gpu_utilisation_percent', g.labels, clamp(util, 0, 100), '%')
    emit('gpu_memory_used_percent', g.labels, clamp(mem, 0, 100), '%')
  }
}
