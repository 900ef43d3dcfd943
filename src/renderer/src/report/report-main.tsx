// Entry of the print-ready report page (report.html): the same bridge and auth as the app (the
// preload in Electron, the cookie or token over HTTP), light theme, no push events (a printed
// page is a snapshot of the period).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { parseReportQuery, type ReportParams } from '@shared/reports/report-params'
import { createQueryClient } from '../query/query-client'
import { applyTheme } from '../shell/theme/theme'
import { ReportPage } from './ReportPage'
import '../styles/theme.css'
import '../styles/layout.css'
import '../styles/panels.css'
import './report.css'

applyTheme('light')

let params: ReportParams | Error
try {
  params = parseReportQuery(window.location.search)
} catch (err) {
  params = err as Error
}

const root = document.getElementById('root')
if (!root) throw new Error('report.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <ReportPage params={params} />
    </QueryClientProvider>
  </StrictMode>
)
