// A status word with its shape and colour (never colour alone).
import type { Display } from './alert-display'

export function Badge({ display, testId, value }: { display: Display; testId?: string; value?: string }) {
  return (
    <span className={`alert-badge tone-${display.tone}`} data-testid={testId} data-value={value}>
      <span aria-hidden="true">{display.shape}</span> {display.word}
    </span>
  )
}
