// "Everything has painted": the signal printing waits for (`vigil report`, scheduled reports and
// Electron's printToPDF). The page is ready once its data has settled (the root carries
// data-settled) and no panel is still loading; two animation frames later ECharts (which draws on
// the next frame) has drawn too. Errors count as settled: a report that says why a panel is empty
// still prints.

declare global {
  interface Window {
    /** Set with body[data-report-ready]; printers may poll either. */
    __vigilReportReady?: boolean
  }
}

/** True when nothing under `root` is still loading. */
export function reportSettled(root: ParentNode & { getAttribute?(name: string): string | null }): boolean {
  if (root.getAttribute?.('data-settled') !== 'true') return false
  return root.querySelector('[data-testid="panel"][data-state="loading"], [aria-busy="true"]') === null
}

/** Watches `root` and marks the document ready once it settled; returns the stop function. */
export function watchReportReady(root: HTMLElement, doc: Document = document): () => void {
  let done = false
  const markReady = (): void => {
    if (done || !reportSettled(root)) return
    done = true
    observer.disconnect()
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        doc.body.dataset.reportReady = 'true'
        window.__vigilReportReady = true
      })
    )
  }
  const observer = new MutationObserver(markReady)
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-settled', 'aria-busy'] })
  markReady()
  return () => observer.disconnect()
}
