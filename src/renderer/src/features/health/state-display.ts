// How a source state is shown: a word and a shape as well as a colour (colour-blind safe).
import type { SourceState } from '@shared/types'

export const STATE_DISPLAY: Record<SourceState, { word: string; shape: string }> = {
  ok: { word: 'OK', shape: '●' },
  error: { word: 'ERROR', shape: '▲' },
  pending: { word: 'PENDING', shape: '◆' }
}
