// The panel header's "CSV" action (laptop mode): downloads the data the panel shows, flattened
// (flatten.ts), from the answers its view plan's calls got. A failure is said on the button.
import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { PanelPlan } from '@shared/views/panel-requests'
import { csvText } from './csv-text'
import { csvFileName } from './file-name'
import { csvCalls, panelTable } from './flatten'
import { panelAnswers } from './panel-answers'
import './csv-export.css'

/** Saves text as a file through a temporary object URL. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked after the click has been handled (the download keeps its own copy).
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function CsvExportButton({ plan }: { plan: PanelPlan }) {
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const calls = csvCalls(plan)
  if (calls.length === 0) return null

  const onClick = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const table = panelTable(plan, await panelAnswers(queryClient, calls))
      download(csvFileName(plan.key, new Date()), csvText(table))
    } catch (err) {
      setError(`CSV export failed: ${(err as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <button
      type="button"
      className={`panel-menu-button${error ? ' is-error' : ''}`}
      data-testid="panel-csv"
      onClick={() => void onClick()}
      disabled={busy}
      title={error ?? 'Download this panel\'s data as CSV'}
      aria-label={error ?? 'Download this panel\'s data as CSV'}
    >
      {error ? '▲ CSV' : 'CSV'}
    </button>
  )
}
