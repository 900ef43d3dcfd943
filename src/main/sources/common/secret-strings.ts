// Config strings are expanded at poll time (so a secret added later is picked up), and the
// secret values they contained are remembered so they can be scrubbed from any error text.
import type { SourceDeps } from '../source'

const SECRET_REF = /\$\{secret:[A-Za-z0-9_.-]+\}/g
const SENSITIVE_HEADER = /auth|cookie|token|key|secret|pass|session|signature/i
/** Shorter values are not scrubbed: replacing every "a" in a message would garble it. */
const MIN_SCRUBBED_LENGTH = 3

/** Expands config strings and scrubs the secret values they used from messages. */
export class SecretStrings {
  private readonly values = new Set<string>()

  constructor(private readonly deps: SourceDeps) {}

  /** Expands every ${secret:NAME} in `text`; `where` names the field in the error if a secret is missing. */
  expand(text: string, where: string): string {
    try {
      for (const ref of text.match(SECRET_REF) ?? []) this.remember(this.deps.expandSecrets(ref))
      return this.deps.expandSecrets(text)
    } catch (err) {
      throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  /** Expands a header value; values of credential-like headers are scrubbed from messages even when written literally. */
  expandHeader(name: string, value: string): string {
    const expanded = this.expand(value, `header "${name}"`)
    if (SENSITIVE_HEADER.test(name)) {
      this.remember(expanded)
      // "Bearer abc": the token alone may be echoed back, so scrub it separately too.
      const token = /^\S+\s+(\S+)$/.exec(expanded)?.[1]
      if (token) this.remember(token)
    }
    return expanded
  }

  /** Treats `value` as secret too (e.g. a password written literally in a connection string). */
  remember(value: string): void {
    if (value.length >= MIN_SCRUBBED_LENGTH) this.values.add(value)
  }

  /** `message` with every remembered secret value (and its URL-encoded form) replaced by "***". */
  scrub(message: string): string {
    let out = message
    for (const value of this.values) {
      for (const form of new Set([value, encodeURIComponent(value)])) out = out.split(form).join('***')
    }
    return out
  }
}
