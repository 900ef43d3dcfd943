// Data pipeline health: every source's state, freshness and last error, and (when configured)
// per-pipeline lag, throughput and errors over the window.
import { useMemo } from 'react'
import type { GroupedQueryResult } from '@shared/api'
import type { LatestValue, SourceHealth } from '@shared/types'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { useClock } from '../clock/clock'
import { STATE_DISPLAY } from '../features/health/state-display'
import { formatAgo, formatCount } from '../format/number-format'
import { formatterFor } from '../format/unit-text'
import { useCall } from '../views/use-call'
import { ErrorNote, Loading } from '../views/panel-states'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { pipelineRows } from './pipeline-rows'

export interface SourcesPanelProps {
  panel: PanelOf<'sources'>
  panelId: string
  health: CallOf<'getHealth'>
  lag: CallOf<'latest'> | null
  throughput: CallOf<'latest'> | null
  errors: CallOf<'queryGrouped'> | CallOf<'latest'> | null
  ctx: PanelContext
}

export function SourcesPanel({ panel, panelId, health, lag, throughput, errors }: SourcesPanelProps) {
  const healthQ = useCall(health)
  const lagQ = useCall(lag)
  const throughputQ = useCall(throughput)
  const errorsQ = useCall<'queryGrouped' | 'latest'>(errors)
  const now = useClock()
  const p = panel.pipelines
  const rows = useMemo(() => {
    if (!p) return []
    const e = errorsQ.data
    return pipelineRows({
      by: p.by,
      lag: lagQ.data as LatestValue[] | undefined,
      throughput: throughputQ.data as LatestValue[] | undefined,
      errors: !e ? undefined : errors?.method === 'queryGrouped' ? { kind: 'counter', result: e as GroupedQueryResult } : { kind: 'gauge', values: e as LatestValue[] }
    })
  }, [p, lagQ.data, throughputQ.data, errorsQ.data, errors?.method])
  const sources = healthQ.data?.sources
  const pipelineQs = [lagQ, throughputQ, errorsQ].filter((_, i) => [lag, throughput, errors][i] !== null)
  const state: PanelState = sources
    ? pipelineQs.some((q) => q.isPending)
      ? 'loading'
      : 'ready'
    : healthQ.error
      ? 'error'
      : 'loading'
  const fmtLag = formatterFor(null, p?.lag)
  const fmtThroughput = formatterFor(null, p?.throughput)
  const counter = errors?.method === 'queryGrouped'
  const byTitle = p ? p.by.charAt(0).toUpperCase() + p.by.slice(1) : ''

  return (
    <PanelFrame type="sources" panelId={panelId} title={panel.title ?? 'Data pipeline health'} state={state}>
      {sources ? (
        sources.length === 0 ? (
          <p className="panel-note">No sources configured</p>
        ) : (
          <ul className="source-rows">
            {sources.map((s) => (
              <SourceRow key={s.id} source={s} now={now} />
            ))}
          </ul>
        )
      ) : healthQ.error ? (
        <ErrorNote error={healthQ.error} />
      ) : (
        <Loading />
      )}
      {p && rows.length > 0 && (
        <table className="data-table pipeline-table">
          <thead>
            <tr>
              <th scope="col">{byTitle}</th>
              {lag && <th scope="col" className="num">Lag</th>}
              {throughput && <th scope="col" className="num">Throughput</th>}
              {errors && <th scope="col" className="num">{counter ? 'Errors (range)' : 'Errors'}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="pipeline-row" data-key={r.key}>
                <th scope="row">{r.key}</th>
                {lag && <td className="num" data-value={r.lag ?? ''}>{r.lag === null ? '—' : fmtLag(r.lag)}</td>}
                {throughput && <td className="num" data-value={r.throughput ?? ''}>{r.throughput === null ? '—' : fmtThroughput(r.throughput)}</td>}
                {errors && (
                  <td className={`num${r.errors ? ' tone-bad' : ''}`} data-value={r.errors ?? ''}>
                    {r.errors === null ? '—' : counter ? formatCount(r.errors) : formatterFor(null, p.errors)(r.errors)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {[lagQ, throughputQ, errorsQ].filter((q) => q.error).map((q, i) => (
        <ErrorNote key={i} error={q.error} />
      ))}
    </PanelFrame>
  )
}

function SourceRow({ source, now }: { source: SourceHealth; now: number }) {
  const d = STATE_DISPLAY[source.state] ?? { word: String(source.state).toUpperCase(), shape: '?' }
  return (
    <li className={`source-row is-${source.state}`} data-testid="source-row" data-source-id={source.id} data-state={source.state}>
      <span className="source-row-state">
        <span aria-hidden="true">{d.shape}</span> {d.word}
      </span>
      <span className="source-row-id">{source.id}</span>
      <span className="source-row-fresh">{source.lastSuccessAt === null ? 'no data yet' : `updated ${formatAgo(source.lastSuccessAt, now)}`}</span>
      {source.lastError && (
        <span className="source-row-error" title={source.lastError}>
          {source.lastError}
        </span>
      )}
    </li>
  )
}
