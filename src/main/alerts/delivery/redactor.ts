// Expands ${secret:NAME} in receiver settings at send time and remembers every secret value it
// produced (plus values the receiver declares secret, e.g. a routing key written literally), so
// they can be scrubbed from any error text before it is logged or stored.
import { DeliveryError } from './delivery-error'

/** Replaces every ${secret:NAME} in a string; throws naming the missing secret (never a value). */
export type ExpandSecrets = (text: string) => string

const SECRET_REF = /\$\{secret:[A-Za-z0-9_.-]+\}/
const SECRET_REFS = /\$\{secret:[A-Za-z0-9_.-]+\}/g
/** Shorter values are not scrubbed: replacing every "ab" in a message would garble it. */
const MIN_SCRUBBED_LENGTH = 4

export class Redactor {
  private readonly values = new Set<string>()

  constructor(private readonly expandSecrets: ExpandSecrets) {}

  /** True when the text refers to a secret. */
  static refersToSecret(text: string): boolean {
    return SECRET_REF.test(text)
  }

  /** Expands a setting; a missing secret is a retryable DeliveryError (the secret may be set before the next attempt). */
  expand(text: string, field: string): string {
    try {
      for (const ref of text.match(SECRET_REFS) ?? []) this.secret(this.expandSecrets(ref))
      return this.expandSecrets(text)
    } catch (err) {
      throw new DeliveryError(`${field}: ${err instanceof Error ? err.message : String(err)}`, true)
    }
  }

  /** Treats `value` as secret (also its URL-encoded form) from now on. */
  secret(value: string): void {
    if (value.length >= MIN_SCRUBBED_LENGTH) this.values.add(value)
  }

  /** `text` with every remembered secret value replaced by "***". */
  scrub(text: string): string {
    let out = text
    // Longest first, so a secret containing another is replaced whole.
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
      for (const form of new Set([value, encodeURIComponent(value)])) out = out.split(form).join('***')
    }
    return out
  }
}
