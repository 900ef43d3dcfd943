// Drives the wallboard playlist from the page: advances views on the timer, pauses on keys,
// clicks, wheel and real mouse movement, resumes after 30 s without input; holds while the app
// says so (the engine is unreachable).
import { useEffect, useRef, useState } from 'react'
import { pointerMoved, type PointerPosition } from './input-filter'
import { createPlaylistScheduler, type PlaylistScheduler, type RotationSnapshot } from './playlist-scheduler'
import { realTimerClock } from '../../clock/timer-clock'

export interface KioskRotationOptions {
  enabled: boolean
  playlist: readonly string[]
  intervalMs: number
  current: string
  /** Stay on the current view (e.g. while the engine is unreachable, other views could not load). */
  hold: boolean
  navigate(view: string): void
}

/** The rotation state (null when disabled) for the paused indicator and the progress bar. */
export function useKioskRotation({ enabled, playlist, intervalMs, current, hold, navigate }: KioskRotationOptions): RotationSnapshot | null {
  const [snapshot, setSnapshot] = useState<RotationSnapshot | null>(null)
  const scheduler = useRef<PlaylistScheduler | null>(null)
  const navigateRef = useRef(navigate)
  navigateRef.current = navigate
  const settings = useRef({ playlist, intervalMs })
  settings.current = { playlist, intervalMs }

  useEffect(() => {
    if (!enabled) return
    const s = createPlaylistScheduler({
      playlist: settings.current.playlist,
      intervalMs: settings.current.intervalMs,
      clock: realTimerClock,
      onAdvance: (view) => navigateRef.current(view),
      onChange: setSnapshot
    })
    scheduler.current = s
    let lastPointer: PointerPosition | null = null
    const onInput = () => s.input()
    const onPointerMove = (e: PointerEvent) => {
      const pos = { x: e.screenX, y: e.screenY }
      const moved = pointerMoved(lastPointer, pos)
      const first = lastPointer === null
      lastPointer = pos
      // The first position seen only tells where the cursor rests; movement from it is input.
      if (moved && !first) s.input()
    }
    const inputs = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const
    for (const type of inputs) window.addEventListener(type, onInput, { passive: true })
    window.addEventListener('pointermove', onPointerMove, { passive: true })
    return () => {
      for (const type of inputs) window.removeEventListener(type, onInput)
      window.removeEventListener('pointermove', onPointerMove)
      s.dispose()
      scheduler.current = null
      setSnapshot(null)
    }
  }, [enabled])

  const playlistKey = playlist.join(' ')
  useEffect(() => {
    scheduler.current?.configure(playlistKey === '' ? [] : playlistKey.split(' '), intervalMs)
  }, [playlistKey, intervalMs, enabled])

  useEffect(() => {
    scheduler.current?.show(current)
  }, [current, enabled])

  useEffect(() => {
    scheduler.current?.hold(hold)
  }, [hold, enabled])

  return snapshot
}
