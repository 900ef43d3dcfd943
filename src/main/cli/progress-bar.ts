// Progress on stderr: a redrawn bar on a terminal, plain lines (one per stage) otherwise, so logs
// stay readable when the output is piped or captured.

export interface ProgressSink {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface ProgressBar {
  update(fraction: number, label: string): void
  /** Ends the bar's line (terminal) so later output starts on its own line. */
  done(): void
}

/** A bar drawn on `sink` when it is a terminal, else a line whenever the stage's first word changes. */
export function progressBar(sink: ProgressSink, title: string): ProgressBar {
  let lastStage = ''
  let drawn = false
  let lastDraw = 0
  return {
    update(fraction, label) {
      const pct = Math.max(0, Math.min(1, fraction))
      if (sink.isTTY) {
        const now = Date.now()
        if (pct < 1 && now - lastDraw < 50) return
        lastDraw = now
        const width = Math.max(10, Math.min(40, (sink.columns ?? 80) - title.length - 50))
        const full = Math.round(pct * width)
        const text = `${title} [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(pct * 100).toFixed(0).padStart(3)}% ${label}`
        sink.write(`\r${text.slice(0, (sink.columns ?? 80) - 1).padEnd((sink.columns ?? 80) - 1)}`)
        drawn = true
        return
      }
      const stage = label.split(' ')[0]
      if (stage === lastStage && !label.startsWith('table')) return
      lastStage = stage
      sink.write(`${title}: ${(pct * 100).toFixed(0)}% ${label}\n`)
    },
    done() {
      if (drawn) sink.write('\n')
      drawn = false
    }
  }
}
