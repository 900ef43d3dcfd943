// The shared non-data states of a panel: loading, error and "no data", each stated in words.
import type { ReactNode } from 'react'

export function Loading() {
  return <p className="panel-note">Loading…</p>
}

export function ErrorNote({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error)
  return (
    <p className="panel-note panel-error" role="alert">
      <span aria-hidden="true">▲ </span>Error: {message}
    </p>
  )
}

export function NoData({ series }: { series: string[] }) {
  return <p className="panel-note panel-empty">No data for {series.join(', ')}</p>
}

/** A panel's state and body while it has no data to show: the error when there is one, else loading. */
export function waitingState(error: unknown): { state: 'error' | 'loading'; body: ReactNode } {
  return error ? { state: 'error', body: <ErrorNote error={error} /> } : { state: 'loading', body: <Loading /> }
}
