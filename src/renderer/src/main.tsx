// Renderer entry: one QueryClient, kept current by push events, around the app shell.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { getBridge, getConnection } from './api/bridge'
import { connectPushInvalidation } from './query/push-invalidation'
import { createQueryClient } from './query/query-client'
import { App } from './shell/App'
import './styles/theme.css'
import './styles/layout.css'
import './styles/panels.css'

const queryClient = createQueryClient()
connectPushInvalidation({ bridge: getBridge(), connection: getConnection(), queryClient })

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>
)
