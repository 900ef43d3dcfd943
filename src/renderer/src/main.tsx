// Renderer entry: one QueryClient, kept current by push events, around the app shell.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { getBridge, getConnection } from './api/bridge'
import { connectAlertsLiveUpdates } from './features/alerts/alerts-live'
import { connectViewLiveUpdates } from './features/views/live-updates'
import { connectPushInvalidation } from './query/push-invalidation'
import { createQueryClient } from './query/query-client'
import { parseHash } from './routing/hash-state'
import { adoptKioskFromLocation } from './routing/use-hash-state'
import { App } from './shell/App'
import { applyTheme, effectiveTheme, readStoredTheme } from './shell/theme/theme'
import './styles/theme.css'
import './styles/layout.css'
import './styles/panels.css'
import './styles/shell.css'

// Before the first paint: `?kiosk=1` into the hash, then the theme (no flash of the wrong one).
adoptKioskFromLocation()
applyTheme(effectiveTheme(readStoredTheme(), parseHash(window.location.hash).mode === 'wallboard'))

const queryClient = createQueryClient()
connectPushInvalidation({ bridge: getBridge(), connection: getConnection(), queryClient })
connectViewLiveUpdates({ bridge: getBridge(), queryClient })
connectAlertsLiveUpdates({ bridge: getBridge(), queryClient })

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>
)
