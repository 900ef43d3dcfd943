// Query keys for alerting; every `alerts` push event invalidates all of them (alerts-live.ts).
export const alertKeys = {
  all: ['alerts'] as const,
  active: ['alerts', 'active'] as const,
  silences: ['alerts', 'silences'] as const,
  history: (from: number, to: number) => ['alerts', 'history', from, to] as const,
  notifications: (limit: number) => ['alerts', 'notifications', limit] as const,
  quality: (from: number, to: number) => ['alerts', 'quality', from, to] as const
}
