// One panel failing to render (a bug, an unexpected answer) shows a message in that panel
// only; the rest of the wallboard keeps running.
import { Component, type ReactNode } from 'react'
import { PanelFrame } from './PanelFrame'

interface Props {
  type: string
  panelId: string
  title: string
  children: ReactNode
}

export class PanelErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null }

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: unknown) {
    console.error(`vigil: panel "${this.props.panelId}" failed to render`, error)
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <PanelFrame type={this.props.type} panelId={this.props.panelId} title={this.props.title} state="error">
        <p className="panel-note panel-error" role="alert">
          <span aria-hidden="true">▲ </span>This panel could not be shown: {this.state.error.message}
        </p>
      </PanelFrame>
    )
  }
}
