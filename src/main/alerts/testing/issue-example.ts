// The `alerting:` example of issue 4, exactly as written there (tests check it is supported as is).
export const ISSUE_EXAMPLE = `
evaluation_interval: 15s
rules:
  - name: HighLatency
    series: api_latency_ms
    labels_match: { service: checkout }
    window: 1m
    aggregate: avg            # avg|min|max|last|sum|count|p95
    condition: "> 250"
    for: 2m
    keep_firing_for: 1m
    severity: critical
    labels: { team: platform }
    annotations: { summary: "checkout latency {{ $value }} ms" }
routes:
  - match: { severity: critical }
    group_by: [alertname]
    group_wait: 10s
    escalation:
      - { after: 0s,  receivers: [desktop, noc-webhook] }
      - { after: 15m, receivers: [exec-email, slack-leads] }
      - { after: 1h,  receivers: [pagerduty-cto] }
receivers:
  - { id: desktop, kind: desktop, sound: true }
  - { id: noc-webhook, kind: webhook, url: "http://127.0.0.1:9999/hook" }
  - { id: slack-leads, kind: slack, webhook_url: "\${secret:slack-leads}" }
  - { id: pagerduty-cto, kind: pagerduty, routing_key: "\${secret:pd-cto}" }
  - { id: exec-email, kind: email, to: [cto@example.com], smtp: { host: smtp.example.com, port: 587, username: vigil, password: "\${secret:smtp}" } }
`
