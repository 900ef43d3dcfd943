// The error of a failed action, in words, next to the control that failed.
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null
  const message = error instanceof Error ? error.message : String(error)
  return (
    <p className="action-error" role="alert" data-testid="action-error">
      <span aria-hidden="true">▲ </span>
      {message}
    </p>
  )
}
