// Query keys for source health (kept current by `sourceState` events).
export const healthKeys = {
  all: ['health'] as const
}
