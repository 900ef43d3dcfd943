// The role tokens of `vigil serve` / `vigil open`: from flags, else the environment; generated
// (and printed) only on a loopback bind. Any other bind refuses to start without explicit tokens.
import { randomBytes } from 'node:crypto'
import type { RoleTokens } from '../server/auth'
import { ROLES, type Role } from '../server/roles'
import { CliError } from './cli-error'

export const MIN_TOKEN_LENGTH = 16

/** The flags this module reads (parseArgs option definitions to spread into a command's options). */
export const ROLE_TOKEN_OPTIONS = {
  token: { type: 'string' },
  'viewer-token': { type: 'string' },
  'operator-token': { type: 'string' },
  'admin-token': { type: 'string' }
} as const

export interface RoleTokenFlags {
  token?: string
  'viewer-token'?: string
  'operator-token'?: string
  'admin-token'?: string
}

export interface TokenSetup {
  tokens: RoleTokens
  /** Roles whose token was generated for this run (loopback only). */
  generated: Role[]
  /** Where each given token came from, for the start-up message (never the token). */
  origin: Partial<Record<Role, string>>
}

const ENV: Record<Role, string> = { viewer: 'VIGIL_VIEWER_TOKEN', operator: 'VIGIL_OPERATOR_TOKEN', admin: 'VIGIL_ADMIN_TOKEN' }

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
}

/** Resolves the tokens; throws CliError naming the flag or variable at fault. */
export function resolveRoleTokens(flags: RoleTokenFlags, env: NodeJS.ProcessEnv, host: string): TokenSetup {
  const tokens: RoleTokens = {}
  const origin: Partial<Record<Role, string>> = {}
  const take = (role: Role, value: string | undefined, from: string): void => {
    if (value === undefined || value === '' || tokens[role] !== undefined) return
    if (value.length < MIN_TOKEN_LENGTH) throw new CliError(`${from}: a token must be at least ${MIN_TOKEN_LENGTH} characters (it guards the API)`)
    tokens[role] = value
    origin[role] = from
  }
  if (flags['admin-token'] !== undefined && flags.token !== undefined && flags['admin-token'] !== flags.token) {
    throw new CliError('--token and --admin-token both name the admin token and differ: give one of them')
  }
  take('viewer', flags['viewer-token'], '--viewer-token')
  take('operator', flags['operator-token'], '--operator-token')
  take('admin', flags['admin-token'], '--admin-token')
  take('admin', flags.token, '--token')
  for (const role of ROLES) take(role, env[ENV[role]], ENV[role])
  take('admin', env.VIGIL_TOKEN, 'VIGIL_TOKEN')

  const given = ROLES.filter((r) => tokens[r] !== undefined)
  for (let i = 0; i < given.length; i++) {
    for (let j = i + 1; j < given.length; j++) {
      if (tokens[given[i]] === tokens[given[j]]) {
        throw new CliError(`${origin[given[i]]} and ${origin[given[j]]} are the same token: each role needs its own (the token decides the role)`)
      }
    }
  }

  const generated: Role[] = []
  if (isLoopbackHost(host)) {
    for (const role of ROLES) {
      if (tokens[role] !== undefined) continue
      tokens[role] = randomBytes(24).toString('base64url')
      generated.push(role)
    }
  } else if (given.length === 0) {
    throw new CliError(
      `--host ${host} makes Vigil reachable from other machines, so it needs explicit tokens: ` +
        'give --admin-token (or --token / VIGIL_ADMIN_TOKEN / VIGIL_TOKEN), and --viewer-token / --operator-token ' +
        '(or VIGIL_VIEWER_TOKEN / VIGIL_OPERATOR_TOKEN) for wallboards and operators; no token is generated on a non-loopback address'
    )
  }
  return { tokens, generated, origin }
}

/** The least powerful configured token (for the server's own report printing). */
export function leastPrivilegedToken(tokens: RoleTokens): string {
  for (const role of ROLES) if (tokens[role] !== undefined) return tokens[role]!
  throw new Error('no token configured')
}

/** The start-up lines with each role's link (the link sets a cookie that keeps the role). */
export function tokenLines(base: string, setup: { tokens: RoleTokens; generated: Role[]; tokenOrigin: Partial<Record<Role, string>> }): string[] {
  const lines: string[] = []
  for (const role of ROLES) {
    const token = setup.tokens[role]
    const label = `  ${role}:`.padEnd(12)
    if (token === undefined) {
      lines.push(`${label}(no token: give --${role}-token or ${ENV[role]} to enable this role)`)
      continue
    }
    const how = setup.generated.includes(role) ? `generated; set --${role}-token or ${ENV[role]} to keep one` : `from ${setup.tokenOrigin[role]}`
    lines.push(`${label}${base}/?token=${token}   (${how})`)
  }
  const any = setup.tokens.viewer ?? setup.tokens.operator ?? setup.tokens.admin
  if (any !== undefined) lines.push(`  api:        curl -H "Authorization: Bearer ${any}" ${base}/api/health`)
  return lines
}
