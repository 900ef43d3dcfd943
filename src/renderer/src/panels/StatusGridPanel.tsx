// One cell per service (label value): OK / Degraded / Down as shape + word + colour, with the
// reason written out (e.g. "error rate 12.3 % > 5 %").
import { useMemo } from 'react'
import type { LatestValue } from '@shared/types'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { useCall, useCalls } from '../views/use-call'
import { ErrorNote, Loading, NoData } from '../views/panel-states'
import { drillHandler, queriesState, type PanelContext } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { CELL_DISPLAY, evaluateStatusGrid } from './status-grid'

export interface StatusGridPanelProps {
  panel: PanelOf<'status-grid'>
  panelId: string
  up: CallOf<'latest'>
  thresholds: CallOf<'latest'>[]
  ctx: PanelContext
}

export function StatusGridPanel({ panel, panelId, up, thresholds, ctx }: StatusGridPanelProps) {
  const upQ = useCall(up)
  const tQs = useCalls(thresholds)
  const tDatas = tQs.map((q) => q.data)
  const cells = useMemo(() => {
    if (!Array.isArray(upQ.data)) return null
    const values = new Map<string, LatestValue[]>()
    thresholds.forEach((c, i) => values.set(c.args.series, Array.isArray(tDatas[i]) ? (tDatas[i] as LatestValue[]) : []))
    return evaluateStatusGrid({ by: panel.by, up: upQ.data, thresholds: panel.degraded ?? [], thresholdValues: values })
  }, [upQ.data, ...tDatas, panel])
  // Cells are only final once every threshold answered (else "OK" could hide a crossing).
  const settled = cells !== null && tQs.every((q) => !q.isPending)
  const state = queriesState([upQ, ...tQs], settled && cells.length > 0)
  const drill = drillHandler(ctx)

  let body
  if (settled && cells.length > 0) {
    body = (
      <ul className="status-grid" style={{ ['--grid-cols' as string]: Math.max(1, Math.ceil(Math.sqrt(cells.length))) }}>
        {cells.map((cell) => {
          const d = CELL_DISPLAY[cell.state]
          const content = (
            <>
              <span className="status-cell-state">
                <span aria-hidden="true">{d.shape}</span> {d.word}
              </span>
              <span className="status-cell-key">{cell.key}</span>
              {cell.reasons.length > 0 && <span className="status-cell-reason">{cell.reasons.join('; ')}</span>}
            </>
          )
          return (
            <li key={cell.key} className={`status-cell is-${cell.state}`} data-testid="status-cell" data-key={cell.key} data-state={cell.state}>
              {drill ? (
                <button type="button" className="status-cell-button" onClick={() => drill({ series: panel.up, labels: { [panel.by]: cell.key } })}>
                  {content}
                </button>
              ) : (
                content
              )}
            </li>
          )
        })}
      </ul>
    )
  } else if (state === 'error') body = [upQ, ...tQs].filter((q) => q.error).map((q, i) => <ErrorNote key={i} error={q.error} />)
  else if (state === 'loading' || !settled) body = <Loading />
  else body = <NoData series={[`${panel.up} (by ${panel.by})`]} />

  const failedThresholds = settled ? tQs.filter((q) => q.error) : []
  return (
    <PanelFrame type="status-grid" panelId={panelId} title={panel.title ?? 'Service status'} state={state}>
      {body}
      {state === 'ready' && failedThresholds.map((q, i) => <ErrorNote key={i} error={q.error} />)}
    </PanelFrame>
  )
}
