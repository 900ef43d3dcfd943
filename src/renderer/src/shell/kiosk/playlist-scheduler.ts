// The wallboard playlist: shows each view of the playlist for `intervalMs`, then the next one.
// Any user input (a key, the mouse moving over the screen) pauses the rotation, so whoever
// walked up to the screen can read it; it resumes after `idleResumeMs` without input.
import type { TimerClock } from '../../clock/timer-clock'

export interface RotationSnapshot {
  /** The view on screen, as last reported through show() or chosen by the rotation. */
  current: string | null
  paused: boolean
  /** Held by the app (e.g. the engine is unreachable: other views could not load); no indicator. */
  held: boolean
  /** When the current view's interval started (the progress indicator runs from here). */
  since: number
  /** When the rotation moves on; null while paused or when there is nothing to rotate to. */
  nextAt: number | null
  /** When a paused rotation resumes by itself; null when not paused. */
  resumeAt: number | null
}

export interface PlaylistSchedulerOptions {
  playlist: readonly string[]
  intervalMs: number
  /** Quiet time after the last input before the rotation resumes (default 30 s). */
  idleResumeMs?: number
  clock: TimerClock
  /** The rotation picked the next view; the caller shows it. */
  onAdvance(view: string): void
  /** The snapshot changed (for the paused indicator and progress bar). */
  onChange?(snapshot: RotationSnapshot): void
}

export interface PlaylistScheduler {
  /** The page now shows `view` (navigated by the rotation, a key or a link): its interval starts now. */
  show(view: string): void
  /** User activity: pause now, resume after the idle time without further input. */
  input(): void
  /** Holds (true) or releases (false) the rotation; on release the current view gets a full interval. */
  hold(on: boolean): void
  /** Replaces the playlist and interval (config reload); the current view stays. */
  configure(playlist: readonly string[], intervalMs: number): void
  snapshot(): RotationSnapshot
  /** Cancels every timer; the scheduler does nothing afterwards. */
  dispose(): void
}

export const DEFAULT_IDLE_RESUME_MS = 30_000
/** Shortest interval honoured (a misconfigured 0 s must not spin). */
export const MIN_INTERVAL_MS = 1_000
// Mouse movement arrives many times per second; re-arming the resume timer once a second is enough.
const INPUT_REARM_MS = 1_000

/** The view after `current` in the playlist (the first one when current is not in it); null when there is no other view. */
export function nextInPlaylist(playlist: readonly string[], current: string | null): string | null {
  if (playlist.length === 0) return null
  const i = current === null ? -1 : playlist.indexOf(current)
  const next = playlist[(i + 1) % playlist.length]
  return next === current ? null : next
}

/** Creates a stopped-until-shown scheduler: call show() with the view on screen to start it. */
export function createPlaylistScheduler(options: PlaylistSchedulerOptions): PlaylistScheduler {
  const { clock, onAdvance, onChange } = options
  const idleResumeMs = options.idleResumeMs ?? DEFAULT_IDLE_RESUME_MS
  let playlist = [...options.playlist]
  let intervalMs = Math.max(MIN_INTERVAL_MS, options.intervalMs)
  let state: RotationSnapshot = { current: null, paused: false, held: false, since: clock.now(), nextAt: null, resumeAt: null }
  let advanceTimer: unknown = null
  let resumeTimer: unknown = null
  let lastInputArm = -Infinity
  let disposed = false

  const emit = (): void => onChange?.({ ...state })

  function clearAdvance(): void {
    if (advanceTimer !== null) clock.clearTimeout(advanceTimer)
    advanceTimer = null
  }

  function clearResume(): void {
    if (resumeTimer !== null) clock.clearTimeout(resumeTimer)
    resumeTimer = null
  }

  /** Starts the current view's interval from now (when not paused and there is somewhere to go). */
  function arm(): void {
    clearAdvance()
    const now = clock.now()
    state = { ...state, since: now, nextAt: null }
    if (state.paused || state.held || state.current === null || nextInPlaylist(playlist, state.current) === null) return
    state.nextAt = now + intervalMs
    advanceTimer = clock.setTimeout(advance, intervalMs)
  }

  function advance(): void {
    advanceTimer = null
    if (disposed || state.paused || state.held) return
    const next = nextInPlaylist(playlist, state.current)
    if (next === null) return
    state = { ...state, current: next }
    arm()
    emit()
    onAdvance(next)
  }

  function resume(): void {
    resumeTimer = null
    if (disposed) return
    state = { ...state, paused: false, resumeAt: null }
    arm()
    emit()
  }

  return {
    show(view) {
      if (disposed || view === state.current) return
      state = { ...state, current: view }
      arm()
      emit()
    },
    input() {
      if (disposed) return
      const now = clock.now()
      if (state.paused && now - lastInputArm < INPUT_REARM_MS) return
      lastInputArm = now
      clearAdvance()
      clearResume()
      state = { ...state, paused: true, nextAt: null, resumeAt: now + idleResumeMs }
      resumeTimer = clock.setTimeout(resume, idleResumeMs)
      emit()
    },
    hold(on) {
      if (disposed || on === state.held) return
      state = { ...state, held: on }
      arm()
      emit()
    },
    configure(nextPlaylist, nextIntervalMs) {
      if (disposed) return
      const interval = Math.max(MIN_INTERVAL_MS, nextIntervalMs)
      if (interval === intervalMs && nextPlaylist.length === playlist.length && nextPlaylist.every((v, i) => v === playlist[i])) return
      playlist = [...nextPlaylist]
      intervalMs = interval
      arm()
      emit()
    },
    snapshot: () => ({ ...state }),
    dispose() {
      disposed = true
      clearAdvance()
      clearResume()
    }
  }
}
