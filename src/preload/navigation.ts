// Lets main move the page to a hash route (a notification click opens "#/technical").
import type { IpcRendererEvent } from 'electron'
import { HASH_ROUTE_PATTERN, NAVIGATE_CHANNEL } from '@shared/api-names'
import type { BridgeIpc } from './bridge'

export { NAVIGATE_CHANNEL }

/** Applies hash routes sent by main to the page's location; anything else is ignored. */
export function listenForNavigation(ipc: Pick<BridgeIpc, 'on'>, location: { hash: string }): void {
  ipc.on(NAVIGATE_CHANNEL, (_event: IpcRendererEvent, route: unknown) => {
    if (typeof route === 'string' && HASH_ROUTE_PATTERN.test(route)) location.hash = route
  })
}
