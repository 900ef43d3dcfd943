// Errors the transports map to HTTP statuses by name (400, 404, 403).

/** A client-side mistake in a request. */
export class BadRequestError extends Error {
  override name = 'BadRequestError'
}

/** The thing asked for does not exist (e.g. no push source configured). */
export class NotFoundError extends Error {
  override name = 'NotFoundError'
}

/** A write to an engine that is read-only (archive review mode). */
export class ReadOnlyError extends Error {
  override name = 'ReadOnlyError'
}
