// The contract's request and event names, and their IPC channels, without the zod schemas, so
// the preload and the renderer can derive their clients without bundling the validator.
// src/shared/api.ts checks at compile time that these lists match its maps exactly.

export const requestNames = [
  'getAppInfo',
  'getHealth',
  'listSeries',
  'queryRange',
  'latest',
  'queryGrouped',
  'getViews',
  'getKpis',
  'getMilestones',
  'listAnnotations',
  'addAnnotation',
  'sendTestNotification',
  'listAlerts',
  'getAlertHistory',
  'acknowledgeAlert',
  'listSilences',
  'addSilence',
  'expireSilence',
  'listNotifications',
  'markAlertNoise',
  'getAlertQuality',
  'getForecast',
  'getAnomalies',
  'getBusinessForecasts',
  'getRecommendations',
  'listModels',
  'getModelQuality',
  'getModelDrift',
  'exportArchive'
] as const
export const eventNames = ['samples', 'sourceState', 'config', 'annotation', 'notification', 'alerts'] as const

export type RequestName = (typeof requestNames)[number]
export type EventName = (typeof eventNames)[number]

/** IPC channel for a request (renderer → main). */
export const ipcRequestChannel = (name: RequestName): string => `vigil:rq:${name}`
/** IPC channel for a push event (main → renderer). */
export const ipcEventChannel = (name: EventName): string => `vigil:ev:${name}`

/** IPC channel (main → preload) carrying a hash route such as "#/technical" (notification clicks). */
export const NAVIGATE_CHANNEL = 'vigil:navigate'
/** Hash routes the renderer may be sent to: "#/" followed by path-like characters only. */
export const HASH_ROUTE_PATTERN = /^#\/[A-Za-z0-9_\-./?=&%]*$/
