// A model's input drift: the dataset verdict as a headline ("2 of 5 features drifted: no dataset
// drift"), one row per feature (drifted first) with the deciding method, its score against the
// threshold and the verdict as word + shape, and the features that could not be compared.
import type { PanelOf } from '@shared/config/views-schema'
import type { ModelDrift } from '@shared/analytics-models'
import type { CallOf } from '@shared/views/panel-requests'
import { formatCount, formatValue } from '../format/number-format'
import { waitingState } from '../views/panel-states'
import { driftHeadline, driftRows, skippedText } from './drift-rows'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { useAnalytics } from './use-analytics'
import './models.css'

/** "Last 1 d (490 records) vs the 7 d before (4,492)". */
function windowsText(d: ModelDrift): string {
  const span = (w: { from: number; to: number }) => formatValue((w.to - w.from) / 1000, 'seconds')
  return `Last ${span(d.current)} (${formatCount(d.current.used)} records) vs the ${span(d.reference)} before (${formatCount(d.reference.used)})`
}

export function ModelDriftPanel({ panel, panelId, drift: call }: { panel: PanelOf<'model-drift'>; panelId: string; drift: CallOf<'getModelDrift'>; ctx: PanelContext }) {
  const q = useAnalytics(call)
  const data = q.data
  let state: PanelState
  let body
  if (data) {
    state = 'ready'
    const rows = driftRows(data)
    const skipped = skippedText(data)
    body = (
      <>
        <p className={`drift-headline tone-${data.drifted ? 'bad' : data.driftedCount > 0 ? 'warn' : 'ok'}`} data-testid="drift-headline" data-drifted={String(data.drifted)} data-count={data.driftedCount}>
          <span aria-hidden="true">{data.drifted ? '▲ ' : data.driftedCount > 0 ? '△ ' : '✓ '}</span>
          {driftHeadline(data)}
        </p>
        <table className="data-table drift-table" style={{ ['--table-rows' as string]: Math.max(6, rows.length + 3) }}>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Method</th>
              <th scope="col" className="num">
                Score vs threshold
              </th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.feature} data-testid="drift-row" data-feature={r.feature} data-drifted={String(r.drifted)} data-method={r.method} data-score={r.score} data-threshold={r.threshold}>
                <th scope="row" title={`${r.feature} (${r.kind}): ${r.currentCount} vs ${r.referenceCount} values`}>
                  {r.feature} <span className="muted drift-kind">{r.kind}</span>
                </th>
                <td title={`${r.methodLabel}: a ${r.scoreKind}`}>{r.methodLabel}</td>
                <td className="num" data-testid="drift-score">
                  {r.comparison}
                </td>
                <td className={`drift-verdict tone-${r.verdict.tone}`} data-testid="drift-verdict">
                  <span aria-hidden="true">{r.verdict.shape}</span> {r.verdict.word}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {skipped && (
          <p className="panel-foot" data-testid="drift-skipped">
            {skipped}
          </p>
        )}
        <p className="panel-foot">{windowsText(data)}</p>
      </>
    )
  } else {
    const waiting = waitingState(q.error)
    state = waiting.state
    body = waiting.body
  }
  return (
    <PanelFrame type="model-drift" panelId={panelId} title={panel.title ?? `${panel.model} input drift`} state={state}>
      {body}
    </PanelFrame>
  )
}
