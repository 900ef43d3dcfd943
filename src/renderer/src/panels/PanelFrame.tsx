// The frame of every panel: a titled section (the heading names it for screen readers) that
// carries the panel's type, id and state for tests and the benchmark's "fully painted" check.
import { useContext, useId, type ReactNode } from 'react'
import type { PanelState } from './panel-context'
import { PanelMenuContext } from './panel-menu'

export interface PanelFrameProps {
  type: string
  panelId: string
  title: string
  state: PanelState
  /** When set, the title is a button that drills into the panel's data (laptop mode). */
  onTitleClick?: () => void
  /** Right side of the header (e.g. a KPI's status badge). */
  aside?: ReactNode
  /** The panel's menu (e.g. CSV export); default: the one Panel provides (PanelMenuContext). */
  menu?: ReactNode
  className?: string
  children: ReactNode
}

export function PanelFrame({ type, panelId, title, state, onTitleClick, aside, menu, className, children }: PanelFrameProps) {
  const headingId = useId()
  const contextMenu = useContext(PanelMenuContext)
  return (
    <section
      className={`panel panel-${type}${className ? ` ${className}` : ''}`}
      data-testid="panel"
      data-panel-type={type}
      data-panel-id={panelId}
      data-state={state}
      aria-labelledby={headingId}
      aria-busy={state === 'loading'}
    >
      <header className="panel-head">
        <h2 className="panel-title" id={headingId}>
          {onTitleClick ? (
            <button type="button" className="drill-link" onClick={onTitleClick} title={`Drill into ${title}`}>
              {title}
            </button>
          ) : (
            title
          )}
        </h2>
        {aside}
        {menu ?? contextMenu}
      </header>
      {children}
    </section>
  )
}
