// Query keys for implementation progress (refreshed by `config` events).
export const milestoneKeys = {
  all: ['milestones'] as const
}
