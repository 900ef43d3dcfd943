// How messages name a configured URL without revealing secrets in it.

/** The configured URL as messages show it: origin and path, or only the origin when it names a secret; never a query or password. */
export function displayUrl(configured: string): string {
  const secretAt = configured.search(/\$\{secret:/)
  const visible = secretAt >= 0 ? configured.slice(0, secretAt) : configured
  try {
    const u = new URL(visible)
    return secretAt >= 0 ? `${u.origin}/…` : `${u.origin}${u.pathname}`
  } catch {
    return secretAt >= 0 ? 'a URL from a secret' : 'an invalid URL'
  }
}
