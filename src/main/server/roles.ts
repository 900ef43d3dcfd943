// Who may call what: three roles, each a separate token, ordered viewer < operator < admin (a
// higher role may do everything a lower one may). Every contract request and every /api route
// has its minimum role here; the server refuses to start with a route missing from these tables.
//
// viewer   wallboards and read-only users: every read and the event stream.
// operator viewer + acting on alerts (acknowledge, silence, noise marks), annotations, test
//          notifications, and machine ingestion (/api/write, /api/predictions): pipelines that
//          push data or mark deployments hold the operator token, so the exposed wallboard token
//          (on a TV, in a URL) can never change what everyone sees, and no pipeline needs admin.
// admin    operator + exports (all the data leaves), the audit log, secrets and config.
import type { RequestName } from '@shared/api'

export const ROLES = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof ROLES)[number]

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 }

/** True when a token of role `have` may do what needs `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need]
}

/** The roles that may do what needs `need`. */
export function rolesAllowed(need: Role): Role[] {
  return ROLES.filter((r) => roleAllows(r, need))
}

/**
 * Minimum role of every contract request (POST /api/rpc/<name>). Typed over RequestName, so a
 * request added to the contract without a line here is a compile error.
 */
export const RPC_ROLES: { readonly [K in RequestName]: Role } = {
  getAppInfo: 'viewer',
  getHealth: 'viewer',
  listSeries: 'viewer',
  queryRange: 'viewer',
  latest: 'viewer',
  queryGrouped: 'viewer',
  getViews: 'viewer',
  getKpis: 'viewer',
  getMilestones: 'viewer',
  listAnnotations: 'viewer',
  addAnnotation: 'operator',
  sendTestNotification: 'operator',
  listAlerts: 'viewer',
  getAlertHistory: 'viewer',
  acknowledgeAlert: 'operator',
  listSilences: 'viewer',
  addSilence: 'operator',
  expireSilence: 'operator',
  listNotifications: 'viewer',
  markAlertNoise: 'operator',
  getAlertQuality: 'viewer',
  getForecast: 'viewer',
  getAnomalies: 'viewer',
  getBusinessForecasts: 'viewer',
  getRecommendations: 'viewer',
  listModels: 'viewer',
  getModelQuality: 'viewer',
  getModelDrift: 'viewer',
  exportArchive: 'admin'
}

/** Minimum role of every other /api route, keyed "METHOD /api/path" as registered ("*" = any method). */
export const REST_ROLES: Readonly<Record<string, Role>> = {
  'GET /api/health': 'viewer',
  'GET /api/whoami': 'viewer',
  'GET /api/series': 'viewer',
  'GET /api/query': 'viewer',
  'GET /api/annotations': 'viewer',
  'POST /api/annotations': 'operator',
  'POST /api/export': 'admin',
  'GET /api/alerts': 'viewer',
  'GET /api/alerts/history': 'viewer',
  'POST /api/alerts/:id/ack': 'operator',
  'GET /api/silences': 'viewer',
  'POST /api/silences': 'operator',
  'DELETE /api/silences/:id': 'operator',
  'GET /api/notifications': 'viewer',
  'POST /api/write': 'operator',
  'POST /api/predictions': 'operator',
  'GET /api/events': 'viewer',
  'GET /api/audit': 'admin',
  // The API's not-found answer: any valid token learns only that the path does not exist.
  '* /api': 'viewer',
  '* /api/': 'viewer',
  '* /api/*': 'viewer'
}

/** Whole subtrees with one role (the secrets routes live in secret-routes.ts). */
export const PREFIX_ROLES: readonly { prefix: string; role: Role }[] = [{ prefix: '/api/secrets', role: 'admin' }]

const RPC_PREFIX = '/api/rpc/'

/** The minimum role of a registered route (method + URL pattern), or null when no table names it. */
export function requiredRole(method: string, url: string): Role | null {
  const m = method === 'HEAD' ? 'GET' : method
  if (url.startsWith(RPC_PREFIX) && m === 'POST') {
    const name = url.slice(RPC_PREFIX.length)
    if (Object.hasOwn(RPC_ROLES, name)) return RPC_ROLES[name as RequestName]
  }
  const exact = REST_ROLES[`${m} ${url}`] ?? REST_ROLES[`* ${url}`]
  if (exact !== undefined) return exact
  for (const p of PREFIX_ROLES) if (url === p.prefix || url.startsWith(p.prefix + '/')) return p.role
  return null
}
