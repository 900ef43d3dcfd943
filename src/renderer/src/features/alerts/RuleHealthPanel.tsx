// Every rule with its evaluation health: a rule that cannot be evaluated says why, never stays silently quiet.
import type { AlertRuleHealth } from '@shared/alerts'
import { formatAgo } from '../../format/number-format'
import { severityDisplay } from './alert-display'
import { Badge } from './Badge'

const HEALTH = {
  ok: { word: 'OK', shape: '●', tone: 'ok' },
  error: { word: 'Error', shape: '▲', tone: 'bad' },
  disabled: { word: 'Disabled', shape: '○', tone: 'muted' },
  unknown: { word: 'Not evaluated yet', shape: '◌', tone: 'muted' }
} as const

export function RuleHealthPanel({ rules, now, intervalMs }: { rules: readonly AlertRuleHealth[]; now: number; intervalMs: number }) {
  return (
    <section className="alerts-section" data-testid="rule-health-list" aria-label="Alert rules">
      <h3>Rules (evaluated every {Math.round(intervalMs / 1000)} s)</h3>
      {rules.length === 0 ? (
        <p className="panel-note">No alert rules configured (alerting.rules in vigil.yaml)</p>
      ) : (
        <table className="alerts-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Kind</th>
              <th scope="col">Severity</th>
              <th scope="col">Health</th>
              <th scope="col">Firing</th>
              <th scope="col">Pending</th>
              <th scope="col">Evaluated</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.rule} data-testid="rule-health" data-rule={r.rule} data-state={r.state}>
                <td>{r.rule}</td>
                <td>{r.kind}</td>
                <td>
                  <Badge display={severityDisplay(r.severity)} />
                </td>
                <td>
                  <Badge display={HEALTH[r.state] ?? HEALTH.unknown} />
                  {r.error && <span className="rule-error"> {r.error}</span>}
                </td>
                <td>{r.firing}</td>
                <td>{r.pending}</td>
                <td>{formatAgo(r.evaluatedAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
