// Who acknowledges, silences or marks noise from this browser: typed once, remembered in localStorage.

export const OPERATOR_KEY = 'vigil.operator'
/** Used when nobody has given a name (e.g. an acknowledgement from the wallboard banner). */
export const DEFAULT_OPERATOR = 'wallboard'
const MAX_NAME = 200

/** The remembered name, or "" when none (or storage is unavailable). */
export function readOperator(storage: Pick<Storage, 'getItem'> | null = safeStorage()): string {
  try {
    return (storage?.getItem(OPERATOR_KEY) ?? '').trim().slice(0, MAX_NAME)
  } catch {
    return ''
  }
}

/** Remembers the name (an empty name forgets it). */
export function writeOperator(name: string, storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage()): void {
  const trimmed = name.trim().slice(0, MAX_NAME)
  try {
    if (trimmed === '') storage?.removeItem(OPERATOR_KEY)
    else storage?.setItem(OPERATOR_KEY, trimmed)
  } catch {
    // Private mode or a full storage: the name just is not remembered.
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}
