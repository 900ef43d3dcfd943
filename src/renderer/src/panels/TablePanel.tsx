// Latest values in a table: one row per value of `by`, one column per series.
import { useMemo } from 'react'
import type { LatestValue } from '@shared/types'
import type { PanelOf } from '@shared/config/views-schema'
import type { CallOf } from '@shared/views/panel-requests'
import { formatterFor } from '../format/unit-text'
import { useCalls } from '../views/use-call'
import { ErrorNote, Loading, NoData } from '../views/panel-states'
import { drillHandler, queriesState, type PanelContext } from './panel-context'
import { PanelFrame } from './PanelFrame'
import { tableRows } from './table-rows'

export function TablePanel({ panel, panelId, columns: calls, ctx }: { panel: PanelOf<'table'>; panelId: string; columns: CallOf<'latest'>[]; ctx: PanelContext }) {
  const qs = useCalls(calls)
  const datas = qs.map((q) => q.data)
  const rows = useMemo(() => {
    const bySeries = new Map(calls.map((c, i) => [c.args.series, datas[i] as LatestValue[] | undefined]))
    return tableRows(panel.by, panel.columns.map((col) => bySeries.get(col.series)))
  }, [panel, ...datas])
  const formats = useMemo(() => panel.columns.map((c) => formatterFor(c.unit, c.series)), [panel.columns])
  const state = queriesState(qs, rows.length > 0)
  const drill = drillHandler(ctx)
  const byTitle = panel.by.charAt(0).toUpperCase() + panel.by.slice(1)

  return (
    <PanelFrame type="table" panelId={panelId} title={panel.title ?? 'Latest values'} state={state}>
      {rows.length > 0 ? (
        <table className="data-table" style={{ ['--table-rows' as string]: Math.max(4, rows.length + 1) }}>
          <thead>
            <tr>
              <th scope="col">{byTitle}</th>
              {panel.columns.map((c) => (
                <th key={c.series + c.title} scope="col" className="num">
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-testid="table-row" data-key={row.key}>
                <th scope="row">{row.key}</th>
                {row.cells.map((cell, i) => {
                  const col = panel.columns[i]
                  const text = cell.value === null ? '—' : formats[i](cell.value)
                  return (
                    <td key={i} className="num" data-testid="table-cell" data-series={col.series} data-key={row.key} data-value={cell.value ?? ''}>
                      {drill && cell.value !== null ? (
                        <button type="button" className="drill-link" onClick={() => drill({ series: col.series, labels: { [panel.by]: row.key } })}>
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : state === 'error' ? (
        qs.filter((q) => q.error).map((q, i) => <ErrorNote key={i} error={q.error} />)
      ) : state === 'loading' ? (
        <Loading />
      ) : (
        <NoData series={panel.columns.map((c) => c.series)} />
      )}
      {rows.length > 0 && qs.filter((q) => q.error).map((q, i) => <ErrorNote key={i} error={q.error} />)}
    </PanelFrame>
  )
}
