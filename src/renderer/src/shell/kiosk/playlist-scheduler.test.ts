import { describe, expect, it } from 'vitest'
import { createPlaylistScheduler, nextInPlaylist, type RotationSnapshot } from './playlist-scheduler'
import type { TimerClock } from '../../clock/timer-clock'

/** A clock the test steps by hand; due timers run in time order. */
function manualClock(start = 1_000_000) {
  let now = start
  let timers: { at: number; fn: () => void; id: number }[] = []
  let nextId = 1
  const clock: TimerClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++
      timers.push({ at: now + ms, fn, id })
      return id
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id)
    }
  }
  const advance = (ms: number) => {
    const end = now + ms
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      timers = timers.filter((t) => t !== due)
      now = due.at
      due.fn()
    }
    now = end
  }
  return { clock, advance, pending: () => timers.length, now: () => now }
}

function setup(playlist = ['executive', 'operational', 'technical'], intervalMs = 10_000) {
  const { clock, advance, pending, now } = manualClock()
  const shown: string[] = []
  const snapshots: RotationSnapshot[] = []
  const scheduler = createPlaylistScheduler({
    playlist,
    intervalMs,
    idleResumeMs: 30_000,
    clock,
    onAdvance: (view) => shown.push(view),
    onChange: (s) => snapshots.push(s)
  })
  return { scheduler, advance, pending, now, shown, snapshots }
}

describe('nextInPlaylist', () => {
  it('goes round the playlist and starts at the top from a view outside it', () => {
    expect(nextInPlaylist(['a', 'b', 'c'], 'a')).toBe('b')
    expect(nextInPlaylist(['a', 'b', 'c'], 'c')).toBe('a')
    expect(nextInPlaylist(['a', 'b'], 'x')).toBe('a')
    expect(nextInPlaylist(['a', 'b'], null)).toBe('a')
  })

  it('has nowhere to go with an empty playlist or only the current view', () => {
    expect(nextInPlaylist([], 'a')).toBeNull()
    expect(nextInPlaylist(['a'], 'a')).toBeNull()
    expect(nextInPlaylist(['a'], 'b')).toBe('a')
  })
})

describe('createPlaylistScheduler', () => {
  it('waits for the first show(), then advances every interval, wrapping around', () => {
    const { scheduler, advance, shown } = setup()
    advance(60_000)
    expect(shown).toEqual([])
    scheduler.show('executive')
    advance(9_999)
    expect(shown).toEqual([])
    advance(1)
    expect(shown).toEqual(['operational'])
    advance(20_000)
    expect(shown).toEqual(['operational', 'technical', 'executive'])
    expect(scheduler.snapshot()).toMatchObject({ current: 'executive', paused: false })
  })

  it('reports when the current view started and when the next one is due (for the progress bar)', () => {
    const { scheduler, advance, now } = setup()
    scheduler.show('executive')
    const start = now()
    expect(scheduler.snapshot()).toMatchObject({ since: start, nextAt: start + 10_000, resumeAt: null })
    advance(10_000)
    expect(scheduler.snapshot()).toMatchObject({ current: 'operational', since: start + 10_000, nextAt: start + 20_000 })
  })

  it('pauses on input and resumes 30 s after the last input, with a full interval', () => {
    const { scheduler, advance, shown, now } = setup()
    scheduler.show('executive')
    advance(5_000)
    scheduler.input()
    expect(scheduler.snapshot()).toMatchObject({ paused: true, nextAt: null, resumeAt: now() + 30_000 })
    advance(20_000)
    scheduler.input() // more activity: the quiet period starts again
    advance(29_999)
    expect(shown).toEqual([])
    expect(scheduler.snapshot().paused).toBe(true)
    advance(1)
    expect(scheduler.snapshot()).toMatchObject({ paused: false, resumeAt: null, nextAt: now() + 10_000 })
    advance(9_999)
    expect(shown).toEqual([])
    advance(1)
    expect(shown).toEqual(['operational'])
  })

  it('follows a manual change of view: the next advance counts from it and continues after it', () => {
    const { scheduler, advance, shown } = setup()
    scheduler.show('executive')
    advance(8_000)
    scheduler.show('technical') // e.g. a key press picked view 3 (input() pauses separately)
    advance(8_000)
    expect(shown).toEqual([])
    advance(2_000)
    expect(shown).toEqual(['executive'])
  })

  it('starts from the top of the playlist when the page shows a view outside it', () => {
    const { scheduler, advance, shown } = setup(['operational', 'technical'])
    scheduler.show('executive')
    advance(10_000)
    expect(shown).toEqual(['operational'])
  })

  it('does not rotate with a single-view playlist showing that view', () => {
    const { scheduler, advance, shown, pending } = setup(['executive'])
    scheduler.show('executive')
    advance(100_000)
    expect(shown).toEqual([])
    expect(pending()).toBe(0)
    expect(scheduler.snapshot().nextAt).toBeNull()
  })

  it('applies a new playlist and interval at once, keeping the current view', () => {
    const { scheduler, advance, shown } = setup()
    scheduler.show('executive')
    advance(5_000)
    scheduler.configure(['executive', 'technical'], 2_000)
    advance(2_000)
    expect(shown).toEqual(['technical'])
    scheduler.configure(['executive', 'technical'], 0) // clamped to 1 s, never a busy loop
    advance(1_000)
    expect(shown).toEqual(['technical', 'executive'])
  })

  it('holds the rotation while the app asks (engine unreachable), then gives the view a full interval', () => {
    const { scheduler, advance, shown, now } = setup()
    scheduler.show('executive')
    advance(5_000)
    scheduler.hold(true)
    expect(scheduler.snapshot()).toMatchObject({ held: true, paused: false, nextAt: null })
    advance(60_000)
    expect(shown).toEqual([])
    scheduler.input() // input while held still pauses; both must end before the rotation resumes
    scheduler.hold(false)
    expect(scheduler.snapshot().nextAt).toBeNull()
    advance(30_000)
    expect(scheduler.snapshot()).toMatchObject({ held: false, paused: false, nextAt: now() + 10_000 })
    advance(10_000)
    expect(shown).toEqual(['operational'])
  })

  it('leaves no timer behind after dispose', () => {
    const { scheduler, advance, shown, pending } = setup()
    scheduler.show('executive')
    scheduler.input()
    scheduler.dispose()
    expect(pending()).toBe(0)
    scheduler.show('technical')
    scheduler.input()
    advance(100_000)
    expect(shown).toEqual([])
    expect(pending()).toBe(0)
  })

  it('keeps at most two timers however much input arrives', () => {
    const { scheduler, advance, pending } = setup()
    scheduler.show('executive')
    for (let i = 0; i < 1000; i++) {
      scheduler.input()
      advance(16)
    }
    expect(pending()).toBeLessThanOrEqual(2)
  })
})
