// Turns a source's config into what the scheduler needs: interval, timeout, labels, fingerprint.
import type { SourceConfig } from '@shared/config/schema'
import type { Source } from './source'
import type { ScheduledSource } from './source-runner'

/** Every source kind the scheduler polls (push sources are written to, not polled). */
export type PolledSourceConfig = Exclude<SourceConfig, { kind: 'push' }>

/** The scheduler entry for a configured source. */
export function scheduleEntry(config: PolledSourceConfig, source: Source): ScheduledSource {
  return {
    source,
    intervalMs: config.interval,
    timeoutMs: config.timeout,
    labels: config.labels,
    fingerprint: configFingerprint(config)
  }
}

/** A stable text form of a config (keys sorted), equal for equal configs whatever the key order. */
export function configFingerprint(config: unknown): string {
  return JSON.stringify(config, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
    const sorted: Record<string, unknown> = {}
    for (const k of Object.keys(value).sort()) sorted[k] = (value as Record<string, unknown>)[k]
    return sorted
  })
}
