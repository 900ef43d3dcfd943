// Says so when the list of views cannot be loaded (the page has nothing to show without it).
export function ViewsErrorBanner({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <div className="banner banner-error" data-testid="views-error" role="alert">
      <span aria-hidden="true">▲ </span>Views unavailable: {error instanceof Error ? error.message : String(error)}
    </div>
  )
}
