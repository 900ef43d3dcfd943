// The location hash as the page opened, read when this module loads (before the shell rewrites
// the hash to its canonical form), so review mode can tell whether a range was asked for.
export const INITIAL_HASH: string = globalThis.location?.hash ?? ''
