import { describe, expect, it } from 'vitest'
import { alertSummary, commonLabels, groupSeverity, groupStatus, rfc3339, subject } from './group-text'
import { alert, intent, resolved, T0 } from './testing/intents'

describe('alert group text', () => {
  it("builds Alertmanager's subject: status and count, group label values, the other common label values", () => {
    expect(subject(intent('r'))).toBe('[FIRING:1] HighLatency (checkout critical platform)')
    expect(subject(intent('r', { alerts: [alert(), alert({}, 'payments')] }))).toBe('[FIRING:2] HighLatency (critical platform)')
    expect(subject(intent('r', { alerts: [alert(), resolved(alert({}, 'payments'), T0)] }))).toBe('[FIRING:1] HighLatency (critical platform)')
    expect(subject(intent('r', { kind: 'resolved', alerts: [resolved(alert(), T0)] }))).toBe('[RESOLVED] HighLatency (checkout critical platform)')
    expect(subject(intent('r', { groupLabels: { service: 'checkout', team: 'platform' } }))).toBe('[FIRING:1] checkout platform (HighLatency critical)')
    // No group labels (one group per route): the rule names lead.
    expect(subject(intent('r', { groupLabels: {} }))).toBe('[FIRING:1] HighLatency (checkout critical platform)')
  })

  it('says what kind of notification it is when it is not plain news', () => {
    expect(subject(intent('r', { kind: 'escalated', level: 2 }))).toBe('[FIRING:1] HighLatency (checkout critical platform) - escalated to level 2')
    expect(subject(intent('r', { kind: 'reminder' }))).toBe('[FIRING:1] HighLatency (checkout critical platform) - still firing')
    expect(subject(intent('r', { kind: 'acknowledged', ack: { by: 'ana', at: T0, comment: null, expiresAt: null } }))).toBe(
      '[FIRING:1] HighLatency (checkout critical platform) - acknowledged by ana'
    )
  })

  it('derives status, severity, common labels and summaries', () => {
    const warn = alert({ severity: 'warning', labels: { alertname: 'Slow', severity: 'warning' }, annotations: {} }, 'x')
    expect(groupSeverity([warn, alert()])).toBe('critical')
    expect(groupSeverity([warn, resolved(alert(), T0)])).toBe('warning')
    expect(groupStatus([resolved(alert(), T0)])).toBe('resolved')
    expect(groupStatus([alert({ state: 'pending' })])).toBe('firing')
    expect(commonLabels([alert(), alert({}, 'payments')])).toEqual({ alertname: 'HighLatency', severity: 'critical', team: 'platform' })
    expect(alertSummary(warn)).toBe('HighLatency')
    expect(alertSummary(alert({ annotations: {}, labels: { alertname: 'A', severity: 'info', host: 'h1' } }))).toBe('HighLatency (host=h1)')
    expect(alertSummary(alert({ annotations: { description: ' long text ' } }))).toBe('long text')
    expect(rfc3339(null)).toBe('0001-01-01T00:00:00Z')
    expect(rfc3339(T0)).toBe('2025-06-01T12:00:00.000Z')
  })
})
