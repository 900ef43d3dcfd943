// Query keys for app info (refreshed by `config` events).
export const appInfoKeys = {
  all: ['app-info'] as const
}
