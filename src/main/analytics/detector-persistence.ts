// Anomaly detectors of alert rules, persisted in the store's key/value state as one value, so a
// restart resumes every detector where it was (their state is small by design).
import type { AnomalyRuleHook, SavedDetector } from './rule-hooks/anomaly-hook'

export const STATE_SOURCE = 'analytics'
export const DETECTORS_KEY = 'anomaly-detectors'

export interface StateStore {
  getState<T>(source: string, key: string): Promise<T | undefined>
  setState(source: string, key: string, value: unknown): Promise<void>
}

/** Keeps the hook's detectors and the stored copy in step. */
export class DetectorPersistence {
  private all = new Map<string, SavedDetector>()

  constructor(
    private readonly store: StateStore,
    private readonly hook: AnomalyRuleHook,
    private readonly log: (message: string) => void
  ) {}

  /** Loads the stored detectors into the hook; a corrupt value is reported and the detectors relearn. */
  async restore(): Promise<void> {
    const saved = await this.store.getState<Record<string, SavedDetector>>(STATE_SOURCE, DETECTORS_KEY)
    if (saved === undefined) return
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) {
      this.log(`analytics: stored anomaly detectors are not an object; detectors start fresh`)
      return
    }
    this.all = new Map(Object.entries(saved))
    this.hook.restore(this.all)
  }

  /** Writes the detectors that changed since the last call (nothing when none did). */
  async save(): Promise<void> {
    const dirty = this.hook.takeDirty()
    if (dirty.size === 0) return
    for (const [key, value] of dirty) this.all.set(key, value)
    await this.store.setState(STATE_SOURCE, DETECTORS_KEY, Object.fromEntries(this.all))
  }
}
