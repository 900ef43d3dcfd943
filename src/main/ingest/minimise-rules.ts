// The `privacy:` rules of one source, compiled: what to do with a label (or feature) name, and
// whether a series is dropped. Decisions per name are cached: label names are few, samples many.
import type { PrivacyConfig, PrivacyRules } from '@shared/config/privacy-schema'
import { globToRegExp } from '../store/glob'

export type LabelAction = 'keep' | 'drop' | 'hash'

/** One source's rules (the global ones plus its own). */
export class SourceRules {
  /** True when the rules change nothing (the hot path returns its input untouched). */
  readonly empty: boolean
  /** True when some rule needs the hash key. */
  readonly hashes: boolean
  readonly hashRecordIds: boolean
  private readonly dropLabel: RegExp | null
  private readonly hashLabel: RegExp | null
  private readonly dropSeries: RegExp | null
  private readonly labelActions = new Map<string, LabelAction>()
  private readonly seriesDropped = new Map<string, boolean>()

  constructor(rules: readonly PrivacyRules[]) {
    const all = <K extends 'drop_labels' | 'hash_labels' | 'drop_series'>(key: K): string[] => rules.flatMap((r) => r[key])
    this.dropLabel = anyOf(all('drop_labels'))
    this.hashLabel = anyOf(all('hash_labels'))
    this.dropSeries = anyOf(all('drop_series'))
    this.hashRecordIds = rules.some((r) => r.hash_record_ids)
    this.hashes = this.hashLabel !== null || this.hashRecordIds
    this.empty = this.dropLabel === null && this.dropSeries === null && !this.hashes
  }

  /** What happens to a label or feature of this name (a drop rule wins over a hash rule). */
  labelAction(name: string): LabelAction {
    let action = this.labelActions.get(name)
    if (action === undefined) {
      action = this.dropLabel?.test(name) ? 'drop' : this.hashLabel?.test(name) ? 'hash' : 'keep'
      // Bounded: names come from outside.
      if (this.labelActions.size >= MAX_CACHED_NAMES) this.labelActions.clear()
      this.labelActions.set(name, action)
    }
    return action
  }

  /** True when samples of this series are not stored. */
  dropsSeries(name: string): boolean {
    if (this.dropSeries === null) return false
    let dropped = this.seriesDropped.get(name)
    if (dropped === undefined) {
      dropped = this.dropSeries.test(name)
      if (this.seriesDropped.size >= MAX_CACHED_NAMES) this.seriesDropped.clear()
      this.seriesDropped.set(name, dropped)
    }
    return dropped
  }
}

const MAX_CACHED_NAMES = 10_000

/** One RegExp matching any of the globs, or null for none. */
function anyOf(globs: readonly string[]): RegExp | null {
  if (globs.length === 0) return null
  return new RegExp(globs.map((g) => globToRegExp(g).source).join('|'), 's')
}

/** Compiled rules per source id (global rules plus the source's own), built on first use. */
export class RulesBySource {
  private readonly bySource = new Map<string, SourceRules>()

  constructor(private readonly config: PrivacyConfig) {}

  /** The rules for samples and predictions of `source`. */
  for(source: string): SourceRules {
    let rules = this.bySource.get(source)
    if (!rules) {
      const own = Object.hasOwn(this.config.sources, source) ? this.config.sources[source] : undefined
      rules = new SourceRules(own ? [this.config, own] : [this.config])
      this.bySource.set(source, rules)
    }
    return rules
  }

  /** True when any rule (global or of some source) hashes. */
  get anyHashing(): boolean {
    const hashing = (r: PrivacyRules): boolean => r.hash_labels.length > 0 || r.hash_record_ids
    return hashing(this.config) || Object.values(this.config.sources).some(hashing)
  }
}
