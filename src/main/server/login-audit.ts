// Logins in the audit log, without logging every request: each ?token= link login (it sets the
// cookie), and the first request of each role, transport and client address in this process
// (a wallboard's cookie after a server restart, a script's first bearer call). Failed attempts
// (a wrong token) are recorded once per client address. Both sets are bounded, so a flood of
// addresses cannot grow memory or the log without limit.
import type { AuditRecorder } from '../audit/audit-log'
import type { Role } from './roles'

/** Distinct (role, via, address) keys and failing addresses remembered per process. */
export const MAX_TRACKED = 1000

export class LoginAudit {
  private readonly seen = new Set<string>()
  private readonly failedFrom = new Set<string>()

  constructor(
    private readonly audit: AuditRecorder,
    private readonly onError: (err: Error) => void = (err) => console.error(`vigil: could not record a login in the audit log: ${err.message}`)
  ) {}

  /** A request with a valid token: recorded the first time for this role, transport and address. */
  async succeeded(role: Role, via: 'bearer' | 'cookie', ip: string): Promise<void> {
    const key = `${role} ${via} ${ip}`
    if (this.seen.has(key) || this.seen.size >= MAX_TRACKED) return
    this.seen.add(key)
    await this.record({ actor: { role, via }, action: 'login', target: null, details: { ip, first: true } })
  }

  /** A ?token= link with a valid token (always recorded; it is a deliberate login). */
  async linkLogin(role: Role, ip: string): Promise<void> {
    // The cookie it sets is this address's cookie login, so its first API request is not logged again.
    if (this.seen.size < MAX_TRACKED) this.seen.add(`${role} cookie ${ip}`)
    await this.record({ actor: { role, via: 'cookie' }, action: 'login', target: null, details: { ip, link: true } })
  }

  /** A wrong token (never the token itself): recorded once per address. */
  async failed(ip: string, via: 'bearer' | 'cookie'): Promise<void> {
    if (this.failedFrom.has(ip) || this.failedFrom.size >= MAX_TRACKED) return
    this.failedFrom.add(ip)
    // No role: the token matched none. The entry's actor is the engine noting the attempt.
    await this.record({ actor: { role: 'system', via: 'engine' }, action: 'login.failed', target: null, details: { ip, via } })
  }

  private async record(event: Parameters<AuditRecorder['append']>[0]): Promise<void> {
    try {
      await this.audit.append(event)
    } catch (err) {
      this.onError(err as Error)
    }
  }
}
