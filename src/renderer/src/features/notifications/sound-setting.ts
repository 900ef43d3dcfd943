// Whether critical notices play a sound in the browser (on by default), remembered in localStorage.
import { useSyncExternalStore } from 'react'

export const SOUND_STORAGE_KEY = 'vigil.sound'

function read(): boolean {
  try {
    return localStorage.getItem(SOUND_STORAGE_KEY) !== 'off'
  } catch {
    return true
  }
}

let enabled: boolean | null = null
const listeners = new Set<() => void>()

/** True when critical notices should beep. */
export function soundEnabled(): boolean {
  enabled ??= read()
  return enabled
}

/** Turns the alert sound on or off (and remembers it). */
export function setSoundEnabled(on: boolean): void {
  enabled = on
  try {
    localStorage.setItem(SOUND_STORAGE_KEY, on ? 'on' : 'off')
  } catch {
    // not remembered
  }
  for (const listener of listeners) listener()
}

/** React binding of the sound setting. */
export function useSoundEnabled(): boolean {
  return useSyncExternalStore((l) => {
    listeners.add(l)
    return () => listeners.delete(l)
  }, soundEnabled)
}
