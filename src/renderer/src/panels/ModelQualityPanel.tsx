// A model's quality in its window against the reference window before it: one row per metric
// (now, reference, change as arrow + % + better/worse; "lower is better" marked), the labelled
// records each window had, and a note when the engine had to sample.
import type { PanelOf } from '@shared/config/views-schema'
import type { ModelQuality, WindowQuality } from '@shared/analytics-models'
import type { CallOf } from '@shared/views/panel-requests'
import { formatCount, formatValue } from '../format/number-format'
import { waitingState } from '../views/panel-states'
import { ChangeView } from './ChangeText'
import type { PanelContext, PanelState } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { qualityRows, qualityVerdicts } from './quality-rows'
import { useAnalytics } from './use-analytics'
import './models.css'

/** "1 d" for a window's span. */
function spanText(w: Pick<WindowQuality, 'from' | 'to'>): string {
  return formatValue((w.to - w.from) / 1000, 'seconds')
}

/** "410 of 490 labelled" for one window. */
function labelledText(w: WindowQuality): string {
  return `${formatCount(w.labelled)} of ${formatCount(w.count)} labelled`
}

/** The windows compared and their labelled records, with the sampling note when it applies. */
export function qualityCountsText(q: ModelQuality): string {
  const sampled = [q.current.sampled ? 'now' : null, q.reference.sampled ? 'reference' : null].filter((s) => s !== null)
  const note = sampled.length > 0 ? ` · sampled (${sampled.join(' and ')}: more records than the cap, an even sample was used)` : ''
  return `Last ${spanText(q.current)}: ${labelledText(q.current)} · the ${spanText(q.reference)} before: ${labelledText(q.reference)}${note}`
}

export function ModelQualityPanel({ panel, panelId, quality: call }: { panel: PanelOf<'model-quality'>; panelId: string; quality: CallOf<'getModelQuality'>; ctx: PanelContext }) {
  const q = useAnalytics(call)
  const data = q.data
  const title = panel.title ?? `${panel.model} quality`
  let state: PanelState
  let body
  let aside
  if (data) {
    state = 'ready'
    const rows = qualityRows(data)
    const v = qualityVerdicts(rows)
    aside = (
      <span className={`quality-summary tone-${v.worse > 0 ? 'bad' : 'ok'}`} data-testid="quality-summary" data-worse={v.worse} data-better={v.better}>
        <span aria-hidden="true">{v.worse > 0 ? '▼ ' : '✓ '}</span>
        {v.worse} worse, {v.better} better
      </span>
    )
    body = (
      <>
        <table className="data-table quality-table" style={{ ['--table-rows' as string]: rows.length + 2 }}>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Last {spanText(data.current)}
              </th>
              <th scope="col" className="num">
                Reference
              </th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.metric.key}
                data-testid="quality-row"
                data-metric={r.metric.key}
                data-current={r.current ?? ''}
                data-reference={r.reference ?? ''}
                data-relative={r.relative ?? ''}
                data-better={r.metric.better ?? 'none'}
              >
                <th scope="row" title={r.metric.better === 'lower' ? `${r.metric.label}: lower is better` : r.metric.label}>
                  {r.metric.label}
                  {r.metric.better === 'lower' && <span className="metric-direction"> lower is better</span>}
                </th>
                <td className="num" data-testid="quality-current">
                  {r.currentText}
                </td>
                <td className="num muted-num" data-testid="quality-reference">
                  {r.referenceText}
                </td>
                <td>
                  <ChangeView change={r.change} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="panel-foot" data-testid="quality-counts" data-labelled={data.current.labelled} data-reference-labelled={data.reference.labelled} data-sampled={String(data.current.sampled || data.reference.sampled)}>
          {qualityCountsText(data)}
        </p>
      </>
    )
  } else {
    const waiting = waitingState(q.error)
    state = waiting.state
    body = waiting.body
  }
  return (
    <PanelFrame type="model-quality" panelId={panelId} title={title} state={state} aside={aside}>
      {body}
    </PanelFrame>
  )
}
