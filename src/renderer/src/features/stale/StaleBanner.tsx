// "Data stale since HH:MM": says plainly when the numbers on screen stopped being updated, and
// why (the engine is unreachable, or which sources have gone quiet). Gone once updates resume.
import { formatSince } from '../../clock/format-time'
import type { Staleness } from './stale-detection'

export function StaleBanner({ staleness, now }: { staleness: Staleness; now: number }) {
  if (!staleness.stale || staleness.since === null) return null
  const ids = staleness.sources.map((s) => s.id)
  return (
    <div
      className="banner banner-stale"
      role="alert"
      data-testid="stale-banner"
      data-cause={staleness.engineDown ? 'engine' : 'sources'}
      data-sources={ids.join(' ')}
    >
      <span aria-hidden="true">▲ </span>
      <strong>Data stale since {formatSince(staleness.since, now)}</strong>
      {staleness.engineDown ? (
        <> — the Vigil engine is not reachable; reconnecting automatically.</>
      ) : (
        <>
          {' '}
          — no update from{' '}
          {staleness.sources.map((s, i) => (
            <span key={s.id} title={s.lastError ?? undefined}>
              {i > 0 && ', '}
              <strong>{s.id}</strong> (last success {formatSince(s.since, now)}
              {s.state === 'error' ? ', failing' : ''})
            </span>
          ))}
          .
        </>
      )}
    </div>
  )
}
