// Receiver settings → receivers. Settings are checked here too (the config schema checks them
// first), so a receiver built from bad settings fails at start-up with a clear message, not at
// the first alert. Secrets are only expanded when sending.
import type { Receiver, ReceiverDeps } from '../receiver'
import { RECEIVER_KINDS } from '../receiver-config'
import type { ReceiverConfig } from '../receiver-config'
import { DesktopReceiver } from './desktop'
import { EmailReceiver } from './email'
import { PagerDutyReceiver } from './pagerduty'
import { SlackReceiver } from './slack'
import { WebhookReceiver } from './webhook'

/** Builds one receiver; throws naming the receiver and the bad setting. */
export function createReceiver(config: ReceiverConfig, deps: ReceiverDeps): Receiver {
  checkReceiverConfig(config)
  switch (config.kind) {
    case 'desktop':
      return new DesktopReceiver(config, deps)
    case 'webhook':
      return new WebhookReceiver(config, deps)
    case 'slack':
      return new SlackReceiver(config, deps)
    case 'pagerduty':
      return new PagerDutyReceiver(config, deps)
    case 'email':
      return new EmailReceiver(config, deps)
  }
}

/** Builds every receiver, keyed by id; throws on a duplicate id or bad settings. */
export function createReceivers(configs: readonly ReceiverConfig[], deps: ReceiverDeps): Map<string, Receiver> {
  const out = new Map<string, Receiver>()
  configs.forEach((config, i) => {
    const receiver = createReceiver(config, deps)
    if (out.has(receiver.id)) throw new Error(`receivers[${i}]: id "${receiver.id}" is used by an earlier receiver`)
    out.set(receiver.id, receiver)
  })
  return out
}

function checkReceiverConfig(config: ReceiverConfig): void {
  if (typeof config !== 'object' || config === null) throw new Error('a receiver must be an object')
  const raw = config as unknown as Record<string, unknown>
  if (typeof raw.id !== 'string' || raw.id === '') throw new Error('a receiver needs a non-empty id')
  const where = `receiver "${raw.id}"`
  if (!RECEIVER_KINDS.includes(raw.kind as ReceiverConfig['kind'])) {
    throw new Error(`${where}: kind ${JSON.stringify(raw.kind)} is not one of ${RECEIVER_KINDS.join(', ')}`)
  }
  if (raw.send_resolved !== undefined && typeof raw.send_resolved !== 'boolean') throw new Error(`${where}: send_resolved must be true or false`)
  if (raw.timeout !== undefined && (typeof raw.timeout !== 'number' || !(raw.timeout > 0) || !Number.isFinite(raw.timeout))) {
    throw new Error(`${where}: timeout must be a positive number of milliseconds, got ${String(raw.timeout)}`)
  }
  const str = (value: unknown, name: string): void => {
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where} (${String(raw.kind)}): ${name} must be a non-empty string`)
  }
  const url = (value: unknown, name: string): void => {
    str(value, name)
    const text = value as string
    // A URL that is wholly or partly a secret can only be checked once expanded, at send time.
    if (text.includes('${secret:')) return
    let parsed: URL
    try {
      parsed = new URL(text)
    } catch {
      throw new Error(`${where}: ${name} is not a valid URL`)
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${where}: ${name} must be an http or https URL, got ${parsed.protocol}`)
  }
  switch (config.kind) {
    case 'desktop':
      if (config.sound !== undefined && typeof config.sound !== 'boolean') throw new Error(`${where} (desktop): sound must be true or false`)
      return
    case 'webhook':
      url(config.url, 'url')
      if (config.headers !== undefined) {
        if (typeof config.headers !== 'object' || config.headers === null) throw new Error(`${where} (webhook): headers must be a map of strings`)
        for (const [name, value] of Object.entries(config.headers)) {
          if (typeof value !== 'string') throw new Error(`${where} (webhook): header "${name}" must be a string`)
        }
      }
      if (config.max_alerts !== undefined && (!Number.isInteger(config.max_alerts) || config.max_alerts < 0)) {
        throw new Error(`${where} (webhook): max_alerts must be a whole number ≥ 0`)
      }
      return
    case 'slack':
      url(config.webhook_url, 'webhook_url')
      if (config.channel !== undefined) str(config.channel, 'channel')
      if (config.username !== undefined) str(config.username, 'username')
      return
    case 'pagerduty':
      str(config.routing_key, 'routing_key')
      if (config.url !== undefined) url(config.url, 'url')
      return
    case 'email': {
      if (!Array.isArray(config.to) || config.to.length === 0) throw new Error(`${where} (email): to must list at least one address`)
      config.to.forEach((address, i) => str(address, `to[${i}]`))
      if (config.from !== undefined) str(config.from, 'from')
      const smtp = config.smtp as unknown as Record<string, unknown> | undefined
      if (typeof smtp !== 'object' || smtp === null) throw new Error(`${where} (email): smtp settings { host, port } are required`)
      str(smtp.host, 'smtp.host')
      if (!Number.isInteger(smtp.port) || (smtp.port as number) < 1 || (smtp.port as number) > 65535) {
        throw new Error(`${where} (email): smtp.port must be a whole number from 1 to 65535, got ${String(smtp.port)}`)
      }
      for (const flag of ['secure', 'require_tls'] as const) {
        if (smtp[flag] !== undefined && typeof smtp[flag] !== 'boolean') throw new Error(`${where} (email): smtp.${flag} must be true or false`)
      }
      if (smtp.username !== undefined) str(smtp.username, 'smtp.username')
      if (smtp.password !== undefined && typeof smtp.password !== 'string') throw new Error(`${where} (email): smtp.password must be a string`)
      return
    }
  }
}
