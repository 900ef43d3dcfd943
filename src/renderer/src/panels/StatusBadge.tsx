// A KPI status as shape + word + colour, with the reason as its tooltip.
import { statusDisplay } from '../features/kpis/kpi-display'

export function StatusBadge({ status, reason }: { status: string; reason?: string }) {
  const s = statusDisplay(status)
  return (
    <span className={`status-badge tone-${s.tone}`} data-testid="kpi-status" data-status={status} title={reason}>
      <span aria-hidden="true">{s.shape}</span> {s.word}
    </span>
  )
}
