// Folds one `sourceState` push event into the cached health answer.
import type { Health, SourceHealth } from '@shared/types'

/** Replaces the source with the same id (or appends a new one), keeping the others' order. */
export function applySourceState(health: Health, update: SourceHealth): Health {
  const i = health.sources.findIndex((s) => s.id === update.id)
  const sources = i === -1 ? [...health.sources, update] : health.sources.map((s, j) => (j === i ? update : s))
  return { ...health, sources }
}
