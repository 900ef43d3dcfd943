// Alert quality: per rule, firings, those marked noise and the false-positive rate, against the
// goal (critical alerts: under 2 %).
import { useState } from 'react'
import type { AlertRuleQuality } from '@shared/alerts'
import { ErrorNote, Loading } from '../../views/panel-states'
import { rateText, severityDisplay } from './alert-display'
import { Badge } from './Badge'
import { useAlertQuality } from './use-alerts'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const RANGES = [7, 30, 90] as const

function verdict(meets: boolean | null): { word: string; shape: string; tone: 'ok' | 'bad' | 'muted' } {
  if (meets === null) return { word: 'No goal or no firings', shape: '–', tone: 'muted' }
  return meets ? { word: 'Meets goal', shape: '✓', tone: 'ok' } : { word: 'Misses goal', shape: '✕', tone: 'bad' }
}

export function AlertQualityPanel({ now }: { now: number }) {
  const [days, setDays] = useState<(typeof RANGES)[number]>(30)
  // Hour-aligned: the key changes once an hour (noise marks refresh it through `alerts` events).
  const to = Math.ceil((now + 1) / HOUR_MS) * HOUR_MS
  const quality = useAlertQuality(to - days * DAY_MS, to)
  let body
  if (quality.data) {
    const c = quality.data.critical
    body = (
      <>
        <p className="quality-critical" data-testid="quality-critical" data-rate={c.falsePositiveRatePct ?? ''}>
          Critical alerts: {c.firings} firings, {c.noise} marked noise, false-positive rate <strong>{rateText(c.falsePositiveRatePct)}</strong> (goal under {c.goalPct} %){' '}
          <Badge display={verdict(c.meetsGoal)} />
        </p>
        {quality.data.rules.length === 0 ? (
          <p className="panel-note">No alert rules</p>
        ) : (
          <table className="alerts-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Severity</th>
                <th scope="col">Firings</th>
                <th scope="col">Marked noise</th>
                <th scope="col">False-positive rate</th>
                <th scope="col">Goal</th>
              </tr>
            </thead>
            <tbody>
              {quality.data.rules.map((r) => (
                <QualityRow key={r.rule} r={r} />
              ))}
            </tbody>
          </table>
        )}
      </>
    )
  } else if (quality.error) body = <ErrorNote error={quality.error} />
  else body = <Loading />
  return (
    <section className="alerts-section" data-testid="alert-quality" aria-label="Alert quality">
      <h3>
        Alert quality, last{' '}
        <select value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof RANGES)[number])} aria-label="Quality period" data-testid="quality-range">
          {RANGES.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      </h3>
      {body}
    </section>
  )
}

function QualityRow({ r }: { r: AlertRuleQuality }) {
  return (
    <tr data-testid="quality-row" data-rule={r.rule} data-rate={r.falsePositiveRatePct ?? ''}>
      <td>{r.rule}</td>
      <td>{r.severity ? <Badge display={severityDisplay(r.severity)} /> : '—'}</td>
      <td>{r.firings}</td>
      <td>{r.noise}</td>
      <td>{rateText(r.falsePositiveRatePct)}</td>
      <td>
        {r.goalPct === null ? '—' : `under ${r.goalPct} %`} <Badge display={verdict(r.meetsGoal)} />
      </td>
    </tr>
  )
}
