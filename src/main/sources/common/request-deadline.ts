// A source's requests get a total deadline a little shorter than the poll timeout, so a hung or
// dripping server fails the request with its own clear message ("no response … timed out after
// 10s") before the scheduler has to abort the whole poll. Like sql's statement timeout, it is 90%
// of the poll's; messages quote the configured timeout, the number the user knows.

/** Share of the poll timeout that a poll's requests may take in total. */
export const REQUEST_SHARE = 0.9

export interface RequestDeadline {
  /** Date.now() by which the request must be complete. */
  at: number
  /** The source's configured poll timeout, for messages. */
  timeoutMs: number
}

/** The deadline of requests made by a poll (or back-fill step) of a source with this timeout, starting now. */
export function requestDeadline(pollTimeoutMs: number, startedAt: number = Date.now()): RequestDeadline {
  return { at: startedAt + Math.max(50, Math.floor(pollTimeoutMs * REQUEST_SHARE)), timeoutMs: pollTimeoutMs }
}
