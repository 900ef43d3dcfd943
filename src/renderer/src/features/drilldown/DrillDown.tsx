// The drill-down overlay (laptop mode): one series over the current range as its average with
// a min–max band, the storage tier that answered, links to the roll-up resolutions, and a table
// of the newest raw samples. Esc, the close button or a click outside closes it.
import { useEffect, useId, useMemo, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react'
import { EChart } from '../../charts/EChart'
import { useFontScale } from '../../charts/use-font-scale'
import { formatDateTime } from '../../clock/format-time'
import { rangeLabel } from '../../clock/range-label'
import { useTimeWindow } from '../../clock/use-time-window'
import { formatSignificant, formatValue } from '../../format/number-format'
import { unitForSeries } from '../../format/units'
import type { HashState } from '../../routing/hash-state'
import type { Theme } from '../../shell/theme/theme'
import { readDrillChartColors } from './chart-colors'
import { bandRows, drillStepAvailable, drillStepLinks, drillStepSeconds, newestRows, RAW_ROWS, tierLabel } from './drill-links'
import { drilldownOption } from './drilldown-option'
import { useBandData, useRawData } from './use-drill-data'

export interface DrillDownProps {
  state: HashState
  theme: Theme
  onClose(): void
}

export function DrillDown({ state, theme, onClose }: DrillDownProps) {
  const target = state.drill
  const titleId = useId()
  const dialog = useRef<HTMLElement>(null)
  const window = useTimeWindow(state)
  const fontScale = useFontScale()

  // Focus moves into the dialog on open and back to where it was on close.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    dialog.current?.focus()
    return () => previous?.focus?.()
  }, [])

  // Esc closes; handled before the page's own keys (view switching) see it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        onClose()
      }
    }
    globalThis.addEventListener('keydown', onKey, true)
    return () => globalThis.removeEventListener('keydown', onKey, true)
  }, [onClose])

  const series = target?.series ?? ''
  const labels = target?.labels ?? undefined
  const step = target?.step ?? 'auto'
  const stepS = drillStepSeconds(step, window)
  const available = drillStepAvailable(step, window)
  const [avg, min, max] = useBandData(series, labels, window, stepS, available && target !== null)
  const raw = useRawData(series, labels, window.to)
  const unit = unitForSeries(series)

  const rows = useMemo(() => bandRows(avg.data?.points ?? [], min.data?.points ?? [], max.data?.points ?? []), [avg.data, min.data, max.data])
  // Colours are read from the CSS variables of the theme now on screen.
  const colors = useMemo(() => readDrillChartColors(), [theme])
  const option = useMemo(
    () => drilldownOption({ rows, unit, from: window.from, to: window.to, colors, fontScale }),
    [rows, unit, window.from, window.to, colors, fontScale]
  )

  if (!target) return null
  const links = drillStepLinks(state, window)
  const error = [avg, min, max].find((q) => q.error)?.error
  const chartState = !available ? 'unavailable' : error ? 'error' : avg.isPending ? 'loading' : rows.length === 0 ? 'empty' : 'ready'
  const tier = avg.data?.tier
  const rawRows = newestRows(raw.data?.points ?? [], RAW_ROWS)
  const labelText = target.labels ? Object.entries(target.labels).map(([k, v]) => `${k}="${v}"`).join(', ') : null

  // Keeps Tab inside the dialog (aria-modal): wrap from the last focusable element to the first and back.
  const trapTab = (e: ReactKeyboardEvent) => {
    if (e.key !== 'Tab' || !dialog.current) return
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), [tabindex="0"]')]
    if (focusable.length === 0) return
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (e.shiftKey && (document.activeElement === first || document.activeElement === dialog.current)) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  return (
    <div className="drill-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <section
        ref={dialog}
        className="drilldown panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="drilldown"
        data-series={target.series}
        tabIndex={-1}
        onKeyDown={trapTab}
      >
        <header className="drill-head">
          <h2 id={titleId} className="drill-title">
            <span className="drill-kicker">Drill-down</span> <span data-testid="drilldown-series">{target.series}</span>
            {labelText && <span className="drill-labels"> {`{${labelText}}`}</span>}
          </h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close drill-down (Esc)">
            ✕
          </button>
        </header>
        <dl className="drill-meta">
          {target.kpi && (
            <>
              <dt>From KPI</dt>
              <dd>{target.kpi}</dd>
            </>
          )}
          <dt>Range</dt>
          <dd>{rangeLabel(state, window)}</dd>
          <dt>Answered from</dt>
          <dd>
            <strong data-testid="drilldown-tier" data-tier={tier ?? ''}>
              {avg.data ? tierLabel(tier) : '…'}
            </strong>
            {` · ${formatStep(stepS)} buckets`}
          </dd>
          <dt>Resolution</dt>
          <dd>
            <nav className="drill-steps" aria-label="Resolution">
              {links.map((l) =>
                l.available ? (
                  <a key={l.step} href={l.href} aria-current={l.current ? 'true' : undefined} className={l.current ? 'drill-step current' : 'drill-step'} data-testid={`drilldown-step-${l.step}`}>
                    {l.label}
                  </a>
                ) : (
                  <span key={l.step} className="drill-step unavailable" title="Too many points for this range: choose a shorter range">
                    {l.label} (range too long)
                  </span>
                )
              )}
            </nav>
          </dd>
        </dl>
        <div className="drill-chart" data-testid="drilldown-chart" data-state={chartState}>
          {chartState === 'ready' && <EChart className="chart-canvas" option={option} />}
          {chartState === 'loading' && <p className="panel-note">Loading…</p>}
          {chartState === 'empty' && <p className="panel-note panel-empty">No data for {target.series} in this range</p>}
          {chartState === 'unavailable' && <p className="panel-note">This resolution has too many points for the range; choose Auto or 1 hour.</p>}
          {chartState === 'error' && (
            <p className="panel-note panel-error" role="alert">
              <span aria-hidden="true">▲ </span>Error: {error instanceof Error ? error.message : String(error)}
            </p>
          )}
        </div>
        <section className="drill-raw" aria-labelledby={`${titleId}-raw`}>
          <h3 id={`${titleId}-raw`} className="panel-title">
            Raw data · newest {rawRows.length > 0 ? rawRows.length : RAW_ROWS} samples
            {raw.data && ` (last ${Math.round((raw.data.window.to - raw.data.window.from) / 3_600_000)} h, ${tierLabel(raw.data.tier)})`}
          </h3>
          {raw.error ? (
            <p className="panel-note panel-error" role="alert">
              <span aria-hidden="true">▲ </span>Error: {raw.error instanceof Error ? raw.error.message : String(raw.error)}
            </p>
          ) : raw.isPending ? (
            <p className="panel-note">Loading…</p>
          ) : rawRows.length === 0 ? (
            <p className="panel-note panel-empty">No samples in the last {Math.round(((raw.data?.window.to ?? 0) - (raw.data?.window.from ?? 0)) / 3_600_000)} h</p>
          ) : (
            <div className="drill-table-wrap" tabIndex={0} role="region" aria-label="Raw samples">
              <table className="drill-table" data-testid="drilldown-raw">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Value</th>
                    <th scope="col">Formatted</th>
                  </tr>
                </thead>
                <tbody>
                  {rawRows.map(([ts, v]) => (
                    <tr key={ts} data-testid="drilldown-raw-row">
                      <td>{formatDateTime(ts)}</td>
                      <td className="num">{formatSignificant(v)}</td>
                      <td className="num">{formatValue(v, unit)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </section>
    </div>
  )
}

function formatStep(stepS: number): string {
  if (stepS % 3600 === 0) return `${stepS / 3600} h`
  if (stepS % 60 === 0) return `${stepS / 60} min`
  return `${stepS} s`
}
