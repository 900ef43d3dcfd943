// Data minimisation at ingest (`privacy:` in vigil.yaml): every sample and prediction record passes
// through here before the store sees it, so what is stored, archived and shown is the minimised
// form. Labels (and prediction features) are dropped or replaced by a keyed hash: the first
// `hash_length` hex digits of HMAC-SHA-256(key, value), stable for a key, so dashboards still
// group by it while the value cannot be recovered or guessed by hashing candidates without the key.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import type { PrivacyConfig } from '@shared/config/privacy-schema'
import type { IngestSample, Labels } from '@shared/types'
import type { PredictionInput, PredictionLabel } from '../store/predictions'
import { RulesBySource, type SourceRules } from './minimise-rules'

/** Hex digits of a hashed prediction record id: ids are deduplicated on, so collisions must stay negligible (128 bits). */
export const RECORD_ID_HEX = 32
/** Shortest key accepted (characters of the secret). */
export const MIN_KEY_LENGTH = 16
const MAX_CACHED_HASHES = 50_000

export interface MinimiserDeps {
  /** Resolves `${secret:NAME}` references (throws naming the secret when it is not set). */
  expandSecrets(text: string): string
}

/** Samples after minimisation; `kept[i]` is the index in the input of output sample i (null: none dropped, same order). */
export interface MinimisedSamples {
  samples: IngestSample[]
  kept: number[] | null
}

/** Late labels with hashed ids, and each hashed id's original (to report unmatched ids as sent). */
export interface MinimisedLabels {
  labels: PredictionLabel[]
  originals: Map<string, string>
}

/** Applies one `privacy:` config; build a new one when the config changes. */
export class Minimiser {
  /** Why hashing is impossible (the key secret is missing or too short), or null. */
  readonly problem: string | null
  private readonly rules: RulesBySource
  private readonly key: KeyObject | null
  private readonly hashLength: number
  private readonly cache = new Map<string, string>()

  constructor(config: PrivacyConfig, deps: MinimiserDeps) {
    this.rules = new RulesBySource(config)
    this.hashLength = config.hash_length
    let key: KeyObject | null = null
    let problem: string | null = null
    if (config.hash_key !== undefined && this.rules.anyHashing) {
      try {
        const text = deps.expandSecrets(config.hash_key)
        if (text.length < MIN_KEY_LENGTH) problem = `privacy.hash_key: the secret is shorter than ${MIN_KEY_LENGTH} characters; use a random key of at least ${MIN_KEY_LENGTH}`
        else key = createSecretKey(Buffer.from(text, 'utf8'))
      } catch (err) {
        problem = `privacy.hash_key: ${(err as Error).message}`
      }
    }
    this.key = key
    this.problem = problem
  }

  /** The samples of `source` as they may be stored; throws (refusing them all) when they need hashing and the key is unavailable. */
  samples(source: string, samples: IngestSample[]): MinimisedSamples {
    const rules = this.rules.for(source)
    if (rules.empty) return { samples, kept: null }
    this.checkKey(rules, source)
    const out: IngestSample[] = []
    let kept: number[] | null = null
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]
      // Malformed samples pass unchanged: the store rejects them with its own reason.
      if (typeof s !== 'object' || s === null) {
        out.push(s)
        kept?.push(i)
        continue
      }
      if (typeof s.name === 'string' && rules.dropsSeries(s.name)) {
        kept ??= range(i)
        continue
      }
      const labels = this.labels(rules, s.labels)
      out.push(labels === s.labels ? s : { ...s, labels })
      kept?.push(i)
    }
    return { samples: out, kept }
  }

  /** Prediction records of `source` with its label rules applied to feature names (and record ids hashed when asked). */
  predictions(source: string, records: readonly PredictionInput[]): PredictionInput[] {
    const rules = this.rules.for(source)
    if (rules.empty || !Array.isArray(records)) return records as PredictionInput[]
    this.checkKey(rules, source)
    return records.map((r) => {
      if (typeof r !== 'object' || r === null) return r
      const features = this.features(rules, r.features)
      const id = rules.hashRecordIds && typeof r.id === 'string' && r.id !== '' ? this.hash(r.id, RECORD_ID_HEX) : r.id
      return features === r.features && id === r.id ? r : { ...r, features, ...(id === undefined ? {} : { id }) }
    })
  }

  /** Late labels of `source` with ids hashed as its records' ids are. */
  lateLabels(source: string, labels: readonly PredictionLabel[]): MinimisedLabels {
    const rules = this.rules.for(source)
    const originals = new Map<string, string>()
    if (!rules.hashRecordIds || !Array.isArray(labels)) return { labels: labels as PredictionLabel[], originals }
    this.checkKey(rules, source)
    const out = labels.map((l) => {
      if (typeof l !== 'object' || l === null || typeof l.id !== 'string' || l.id === '') return l
      const id = this.hash(l.id, RECORD_ID_HEX)
      originals.set(id, l.id)
      return { ...l, id }
    })
    return { labels: out, originals }
  }

  private checkKey(rules: SourceRules, source: string): void {
    if (rules.hashes && this.key === null) {
      throw new Error(`privacy rules of source "${source}" hash values, but ${this.problem ?? 'privacy.hash_key is not set'}; its data is refused rather than stored unhashed`)
    }
  }

  /** Labels with the rules applied; the same object when nothing changed. */
  private labels(rules: SourceRules, labels: Labels): Labels {
    if (typeof labels !== 'object' || labels === null) return labels
    let out: Labels | null = null
    for (const name in labels) {
      const action = rules.labelAction(name)
      if (action === 'keep') continue
      out ??= { ...labels }
      if (action === 'drop') delete out[name]
      else if (typeof labels[name] === 'string') out[name] = this.hash(labels[name], this.hashLength)
    }
    return out ?? labels
  }

  /** Features with the label rules applied to their names; a hashed numeric feature becomes a category (its hash). */
  private features(rules: SourceRules, features: PredictionInput['features']): PredictionInput['features'] {
    if (typeof features !== 'object' || features === null) return features
    let out: Record<string, number | string> | null = null
    for (const name in features) {
      const action = rules.labelAction(name)
      if (action === 'keep') continue
      out ??= { ...features }
      const value = features[name]
      if (action === 'drop') delete out[name]
      else if (typeof value === 'string' || typeof value === 'number') out[name] = this.hash(String(value), this.hashLength)
    }
    return out ?? features
  }

  private hash(value: string, hex: number): string {
    const cacheKey = `${hex}\u0000${value}`
    let h = this.cache.get(cacheKey)
    if (h === undefined) {
      h = createHmac('sha256', this.key as KeyObject).update(value, 'utf8').digest('hex').slice(0, hex)
      if (this.cache.size >= MAX_CACHED_HASHES) this.cache.clear()
      this.cache.set(cacheKey, h)
    }
    return h
  }
}

/** [0, 1, …, n - 1]. */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
