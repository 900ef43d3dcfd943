// Main → preload message that moves the renderer to a hash route (e.g. after a notification click).
// The preload keeps its own copy of these two definitions (it may not import from src/main);
// test/electron/preload.test.ts checks that both copies agree.

/** IPC channel carrying a hash route such as "#/technical". */
export const NAVIGATE_CHANNEL = 'vigil:navigate'

/** Hash routes the renderer may be sent to: "#/" followed by path-like characters only. */
export const HASH_ROUTE_PATTERN = /^#\/[A-Za-z0-9_\-./?=&%]*$/
