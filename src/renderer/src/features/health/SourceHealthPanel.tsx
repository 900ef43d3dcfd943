// The source-health strip: every source with its state, last success, last error and sample count.
import type { SourceHealth } from '@shared/types'
import { useClock } from '../../clock/clock'
import { formatAgo, formatCount } from '../../format/number-format'
import { ErrorNote, Loading } from '../../views/panel-states'
import { STATE_DISPLAY } from './state-display'
import { useHealth } from './use-health'

export function SourceHealthPanel() {
  const health = useHealth()
  const now = useClock()

  let body
  if (health.data) {
    const sources = health.data.sources
    body =
      sources.length === 0 ? (
        <p className="panel-note">No sources configured</p>
      ) : (
        <ul className="source-list">
          {sources.map((s) => (
            <SourceItem key={s.id} source={s} now={now} />
          ))}
        </ul>
      )
  } else if (health.error) body = <ErrorNote error={health.error} />
  else body = <Loading />

  return (
    <section className="source-health" data-testid="source-health" aria-label="Source health">
      <h2 className="source-health-title">Sources</h2>
      {body}
    </section>
  )
}

function SourceItem({ source, now }: { source: SourceHealth; now: number }) {
  const display = STATE_DISPLAY[source.state] ?? { word: String(source.state).toUpperCase(), shape: '?' }
  return (
    <li className={`source is-${source.state}`} data-testid="source" data-source-id={source.id} data-state={source.state}>
      <span className="source-state">
        <span className="source-shape" aria-hidden="true">
          {display.shape}
        </span>{' '}
        {display.word}
      </span>
      <span className="source-id">{source.id}</span>
      <span className="source-kind">{source.kind}</span>
      <span className="source-meta">
        last success {formatAgo(source.lastSuccessAt, now)} · {formatCount(source.samples)} samples
      </span>
      {source.lastError && (
        <span className="source-last-error" title={source.lastError}>
          {source.lastError}
        </span>
      )}
    </li>
  )
}
