// Query keys for the configured views (refreshed by `config` events).
export const viewsKeys = {
  all: ['views'] as const
}
