// How a receiver reports a failed send: retryable (429, 5xx, network, timeout) or permanent (a
// request the receiver will never accept, e.g. HTTP 400), so the dispatcher knows whether to retry.

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when the same request may succeed later. */
    readonly retryable: boolean,
    /** The receiver asked to wait this long before retrying (Retry-After), or null. */
    readonly retryAfterMs: number | null = null
  ) {
    super(message)
    this.name = 'DeliveryError'
  }
}

/** Any thrown value as a DeliveryError; unknown errors are treated as retryable. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err
  return new DeliveryError(err instanceof Error ? err.message : String(err), true)
}
