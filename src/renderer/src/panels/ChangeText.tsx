// A change vs baseline: arrow, signed % and whether it is better or worse, in words and tone.
import { describeChange, type ChangeDisplay } from '../features/kpis/kpi-display'

export function ChangeText({ changePct, improved, suffix, compact }: { changePct: number | null; improved: boolean | null; suffix?: string; compact?: boolean }) {
  const c = describeChange(changePct, improved)
  // In lists, a KPI without a baseline shows a quiet dash rather than repeating the words.
  if (compact && c.arrow === '') {
    return (
      <span className="change tone-muted" data-testid="change" data-verdict="unknown" title="No baseline configured">
        —
      </span>
    )
  }
  return <ChangeView change={c} suffix={suffix} />
}

/** A described change (arrow, text, verdict word, tone): the one markup every change uses. */
export function ChangeView({ change: c, suffix, title }: { change: ChangeDisplay; suffix?: string; title?: string }) {
  const verdict = c.verdict === 'better' || c.verdict === 'worse' ? c.verdict : null
  return (
    <span className={`change tone-${c.tone}`} data-testid="change" data-verdict={c.verdict} title={title}>
      {c.arrow && (
        <span className="change-arrow" aria-hidden="true">
          {c.arrow}
        </span>
      )}
      <span className="change-pct">{c.text}</span>
      {suffix && c.arrow !== '' && <span className="change-suffix"> {suffix}</span>}
      {verdict && <span className="change-verdict"> ({verdict})</span>}
    </span>
  )
}
