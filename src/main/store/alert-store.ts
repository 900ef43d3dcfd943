// The alert engine's tables as the rest of the engine sees them (the metric store's `alerts`
// property): the history, the saved engine state and the noise marks.
import type { AlertHistoryEntry, AlertHistoryInput, AlertNoiseMark } from '@shared/alerts'
import { appendAlertHistory, firingAt, lastFiring, pruneAlertHistory, queryAlertHistory } from './alert-history'
import type { AlertHistoryQuery } from './alert-history'
import { firingCounts, noiseMarksOf, pruneNoiseMarks, upsertNoiseMark } from './alert-noise'
import type { RuleFiringCounts } from './alert-noise'
import { loadAlertEngineState, saveAlertEngineState } from './alert-state'
import type { AlertEngineState } from './alert-state'
import type { TableAccess } from './table-access'
import type { Sql } from './sql'

export type { AlertHistoryQuery } from './alert-history'
export type { RuleFiringCounts } from './alert-noise'
export type { AlertEngineState } from './alert-state'

export interface AlertStore {
  /** Appends history entries in order, in one transaction (all or none). */
  appendHistory(entries: readonly AlertHistoryInput[]): Promise<void>
  /** History entries in [from, to), newest first. */
  history(query: AlertHistoryQuery): Promise<AlertHistoryEntry[]>
  /** The newest `fired` entry of an alert (episode given: that episode's), or null. */
  firing(alertId: string, episode?: number): Promise<AlertHistoryEntry | null>
  /** Replaces the saved engine state (routing + every rule's active instances) in one transaction. */
  saveState(state: Omit<AlertEngineState, 'savedAt'>, now: number): Promise<void>
  /** The saved engine state (routing null and no instances when never saved). */
  loadState(): Promise<AlertEngineState>
  /** Records a noise mark and its history entry together. */
  markNoise(mark: AlertNoiseMark, entry: AlertHistoryInput): Promise<void>
  /** The marks of these episodes ([alert id, firedAt]). */
  noiseMarks(episodes: readonly (readonly [string, number])[]): Promise<AlertNoiseMark[]>
  /** Firing episodes per rule that started in [from, to), and how many are marked noise. */
  firingCounts(from: number, to: number): Promise<RuleFiringCounts[]>
  /** Deletes history and noise marks from before `cutoff`; returns how many rows. */
  prune(cutoff: number): Promise<number>
}

/** The alert tables of one open store (writes on the store's writer queue, reads on a reader). */
export class StoreAlerts implements AlertStore {
  constructor(private readonly access: TableAccess) {}

  appendHistory(entries: readonly AlertHistoryInput[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve()
    return this.access.write('alert history append', (sql) => sql.transaction(() => appendAlertHistory(sql, entries)))
  }

  history(query: AlertHistoryQuery): Promise<AlertHistoryEntry[]> {
    return this.access.read('alert history', (sql) => queryAlertHistory(sql, query))
  }

  firing(alertId: string, episode?: number): Promise<AlertHistoryEntry | null> {
    if (typeof alertId !== 'string' || alertId === '') return Promise.reject(new Error('alert history: an alert id is required'))
    return this.access.read('alert history', (sql) => (episode === undefined ? lastFiring(sql, alertId) : firingAt(sql, alertId, episode)))
  }

  saveState(state: Omit<AlertEngineState, 'savedAt'>, now: number): Promise<void> {
    return this.access.write('alert state save', (sql) => saveAlertEngineState(sql, state, now))
  }

  loadState(): Promise<AlertEngineState> {
    return this.access.read('alert state load', (sql) => loadAlertEngineState(sql))
  }

  markNoise(mark: AlertNoiseMark, entry: AlertHistoryInput): Promise<void> {
    return this.access.write('alert noise mark', (sql) =>
      sql.transaction(async () => {
        await upsertNoiseMark(sql, mark)
        await appendAlertHistory(sql, [entry])
      })
    )
  }

  noiseMarks(episodes: readonly (readonly [string, number])[]): Promise<AlertNoiseMark[]> {
    return this.access.read('alert noise marks', (sql) => noiseMarksOf(sql, episodes))
  }

  firingCounts(from: number, to: number): Promise<RuleFiringCounts[]> {
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      return Promise.reject(new Error(`alert quality: "to" (${to}) must be after "from" (${from}), both epoch milliseconds`))
    }
    return this.access.read('alert quality', (sql) => firingCounts(sql, from, to))
  }

  prune(cutoff: number): Promise<number> {
    return this.access.write('alert history prune', async (sql) => (await pruneAlertHistory(sql, cutoff)) + (await pruneNoiseMarks(sql, cutoff)))
  }

}
