// Lets main move the page to a hash route (a notification click opens "#/technical").
// Copies of src/main/electron/navigate-channel.ts (the preload may not import src/main);
// test/electron/preload.test.ts checks they agree.
import type { IpcRendererEvent } from 'electron'
import type { BridgeIpc } from './bridge'

export const NAVIGATE_CHANNEL = 'vigil:navigate'
export const HASH_ROUTE_PATTERN = /^#\/[A-Za-z0-9_\-./?=&%]*$/

/** Applies hash routes sent by main to the page's location; anything else is ignored. */
export function listenForNavigation(ipc: Pick<BridgeIpc, 'on'>, location: { hash: string }): void {
  ipc.on(NAVIGATE_CHANNEL, (_event: IpcRendererEvent, route: unknown) => {
    if (typeof route === 'string' && HASH_ROUTE_PATTERN.test(route)) location.hash = route
  })
}
