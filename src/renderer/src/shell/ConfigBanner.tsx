// Shows a rejected config file (the engine keeps running on the last good one).
import { useAppInfo } from '../features/app-info/use-app-info'

export function ConfigBanner() {
  const info = useAppInfo()
  const error = info.data?.configError
  if (!error) return null
  return (
    <div className="banner banner-error" data-testid="config-banner" role="alert">
      <span aria-hidden="true">▲ </span>Config error (running on the last good config): {error}
    </div>
  )
}
