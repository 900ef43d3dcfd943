// Every message a source reports starts with its kind and id, so a user can tell which source failed.

/** The prefix of every message from a source, e.g. `http-json source "crm"`. */
export function sourceTag(config: { kind: string; id: string }): string {
  return `${config.kind} source "${config.id}"`
}

/** An Error whose message names the source: `<kind> source "<id>": <message>`. */
export function sourceError(config: { kind: string; id: string }, message: string, cause?: unknown): Error {
  return new Error(`${sourceTag(config)}: ${message}`, cause === undefined ? undefined : { cause })
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name
  return String(err)
}

/** Throws the signal's abort reason (as an Error) when the poll was aborted. */
export function throwIfAborted(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw new Error(`${what} aborted: ${abortReason(signal)}`)
}

/** Why a signal was aborted, in words. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason
  if (reason instanceof Error && reason.name === 'TimeoutError') return 'timed out'
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message
  if (typeof reason === 'string' && reason !== '') return reason
  return 'cancelled (timeout or shutdown)'
}
