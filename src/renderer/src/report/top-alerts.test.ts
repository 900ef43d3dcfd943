import { describe, expect, it } from 'vitest'
import type { ActiveAlert, AlertHistoryEntry } from '@shared/alerts'
import { alertLabelText, topAlerts } from './top-alerts'

let seq = 0
function entry(over: Partial<AlertHistoryEntry>): AlertHistoryEntry {
  return { seq: ++seq, at: 0, kind: 'fired', alertId: 'a', rule: 'R', severity: 'warning', groupKey: null, receivers: [], level: null, by: null, value: 1, labels: {}, detail: 'd', ...over }
}

describe('topAlerts', () => {
  const history = [
    entry({ alertId: 'w1', rule: 'Warn', severity: 'warning', at: 100, value: 3 }),
    entry({ alertId: 'w1', rule: 'Warn', severity: 'warning', at: 300, value: 5 }),
    entry({ alertId: 'c1', rule: 'Crit', severity: 'critical', at: 200, labels: { host: 'x', alertname: 'Crit' } }),
    entry({ alertId: 'i1', rule: 'Info', severity: 'info', at: 250 }),
    entry({ alertId: 'old', rule: 'Old', severity: 'critical', at: 10 }),
    entry({ alertId: 'w1', kind: 'resolved', at: 310 }),
    entry({ alertId: null, kind: 'acknowledged', at: 320 })
  ]

  it('keeps the alerts fired in the period, critical first, then by firings', () => {
    const { alerts, total } = topAlerts(history, [], 50, 1000, 10)
    expect(total).toBe(3)
    expect(alerts.map((a) => a.alertId)).toEqual(['c1', 'w1', 'i1'])
    const w1 = alerts[1]
    expect(w1).toMatchObject({ firings: 2, firstFiredAt: 100, lastFiredAt: 300, value: 5, statusNow: 'resolved' })
  })

  it('cuts at the limit but counts them all', () => {
    const { alerts, total } = topAlerts(history, [], 0, 1000, 2)
    expect(alerts.map((a) => a.alertId)).toEqual(['c1', 'old'])
    expect(total).toBe(4)
  })

  it('takes the summary and status of alerts still active', () => {
    const active = [{ id: 'c1', rule: 'Crit', severity: 'critical', status: 'acknowledged', annotations: { summary: 'CPU at 99 %' } } as unknown as ActiveAlert]
    const [c1] = topAlerts(history, active, 50, 1000, 1).alerts
    expect(c1).toMatchObject({ summary: 'CPU at 99 %', statusNow: 'acknowledged' })
    expect(alertLabelText(c1.labels)).toBe('host=x')
  })
})
