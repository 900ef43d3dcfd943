// The milestones of the programme as a table (planned, forecast or completed, state in words and
// shape), beside the progress bar of the view's milestones panel; the same getMilestones answer.
import type { CallOf } from '@shared/views/panel-requests'
import { isoDate, milestoneStateDisplay } from '../features/milestones/milestone-display'
import { useCall } from '../views/use-call'

/** At most `maxRows` rows are printed (the rest are counted), so the sheet stays one page. */
export function MilestoneTable({ call, maxRows }: { call: CallOf<'getMilestones'>; maxRows: number }) {
  const q = useCall(call)
  const list = q.data?.milestones ?? []
  if (list.length === 0) return null
  const sorted = [...list].sort((a, b) => (a.completed ?? a.planned) - (b.completed ?? b.planned))
  // Keep the open milestones in view: the latest completed ones, then every open one, cut at maxRows.
  const open = sorted.filter((m) => m.completed === null)
  const done = sorted.filter((m) => m.completed !== null)
  const shown = [...done.slice(Math.max(0, done.length - Math.max(0, maxRows - open.length))), ...open].slice(0, maxRows)
  return (
    <table className="report-table" data-testid="report-milestones">
      <thead>
        <tr>
          <th>Milestone</th>
          <th>Owner</th>
          <th>Planned</th>
          <th>Done / forecast</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((m) => {
          const d = milestoneStateDisplay(m.state)
          return (
            <tr key={m.id} data-testid="report-milestone" data-state={m.state}>
              <td>{m.name}</td>
              <td>{m.owner ?? ''}</td>
              <td>{isoDate(m.planned)}</td>
              <td>{m.completed !== null ? isoDate(m.completed) : m.forecast !== null ? `~${isoDate(m.forecast)}` : ''}</td>
              <td className={`tone-${d.tone}`}>
                <span aria-hidden="true">{d.shape}</span> {d.word}
              </td>
            </tr>
          )
        })}
      </tbody>
      {list.length > shown.length && (
        <tfoot>
          <tr>
            <td colSpan={5}>+ {list.length - shown.length} more milestones</td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}
