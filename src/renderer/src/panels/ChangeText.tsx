// A change vs baseline: arrow, signed % and whether it is better or worse, in words and tone.
import { describeChange } from '../features/kpis/kpi-display'

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
  const verdict = c.verdict === 'better' || c.verdict === 'worse' ? c.verdict : null
  return (
    <span className={`change tone-${c.tone}`} data-testid="change" data-verdict={c.verdict}>
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
