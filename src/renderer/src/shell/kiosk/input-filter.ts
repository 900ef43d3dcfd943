// Which DOM events count as "someone is at the screen". Browsers send synthetic pointer moves
// when the page changes under a resting cursor (a view switch); those have the same screen
// position as before and must not pause the rotation.

export interface PointerPosition {
  x: number
  y: number
}

/** True when a pointer event moved the pointer from `last` (or it is the first one seen). */
export function pointerMoved(last: PointerPosition | null, next: PointerPosition): boolean {
  return last === null || last.x !== next.x || last.y !== next.y
}
