// The panel header's menu slot (e.g. the CSV export), provided by Panel for the panel it wraps,
// so PanelFrame shows it without every panel component passing it along.
import { createContext, type ReactNode } from 'react'

/** The menu of the panel being rendered (null: none, e.g. on the wallboard). */
export const PanelMenuContext = createContext<ReactNode>(null)
