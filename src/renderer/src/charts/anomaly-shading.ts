// Anomalous periods as a chart shades them: each period of the detector's answer becomes a
// shaded time span (one grid step wide at least, since a period's `to` is its last anomalous
// step's start), clipped to the chart's window, with the detector's explanation for the tooltip.
import type { AnomalyView } from '@shared/analytics'
import type { Labels } from '@shared/types'

export interface AnomalyShade {
  from: number
  to: number
  /** The label set the period belongs to, e.g. "service=etl" ("" for a single series). */
  labels: string
  peakScore: number
  explanation: string
}

/** Shape on the shaded span and in the tooltip (with the word "Anomaly": never colour alone). */
export const ANOMALY_SHAPE = '✱'

/** "k=v, k2=v2" in key order; "" for none. */
export function labelsText(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(', ')
}

/** A shade is at least this share of the window wide, so a one-step period stays visible. */
const MIN_SHARE = 1 / 150

/** Shades of every answer's periods inside [from, to), earliest first. */
export function anomalyShades(answers: readonly (AnomalyView | undefined)[], from: number, to: number): AnomalyShade[] {
  const shades: AnomalyShade[] = []
  const minWidth = (to - from) * MIN_SHARE
  for (const answer of answers) {
    if (!answer || !Array.isArray(answer.periods)) continue
    const step = Number.isFinite(answer.stepMs) && answer.stepMs > 0 ? answer.stepMs : 0
    for (const p of answer.periods) {
      const end = Math.max(p.to, p.from) + step
      if (end <= from || p.from >= to) continue
      const start = Math.max(p.from, from)
      shades.push({ from: start, to: Math.min(Math.max(end, start + minWidth), to), labels: labelsText(p.labels ?? {}), peakScore: p.peakScore, explanation: p.explanation })
    }
  }
  return shades.sort((a, b) => a.from - b.from || a.labels.localeCompare(b.labels))
}

/** The shades covering time t (within `tolerance` ms), for the tooltip. */
export function anomaliesAt(shades: readonly AnomalyShade[], t: number, tolerance: number): AnomalyShade[] {
  return shades.filter((s) => s.from - tolerance <= t && t <= s.to + tolerance)
}

/** One tooltip line: "✱ Anomaly (service=etl, score 0.97): 1,840 ms, expected 700–1,000 ms". */
export function anomalyLine(s: AnomalyShade): string {
  const who = [s.labels, `score ${s.peakScore.toFixed(2)}`].filter(Boolean).join(', ')
  return `${ANOMALY_SHAPE} Anomaly (${who}): ${s.explanation}`
}

/** "1 anomaly" / "3 anomalies". */
export function anomalyCountText(n: number): string {
  return `${n} ${n === 1 ? 'anomaly' : 'anomalies'}`
}
