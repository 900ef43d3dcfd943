// Watches whether the engine can be reached. While the push-event stream is up, it can. While
// it is down, a health request every few seconds tells "the stream dropped" (engine still
// answers) from "the engine is gone" (nothing answers); the probing stops when the stream
// is back, so a healthy page sends no extra requests.
import type { ConnectionState, ConnectionStatus } from '../../api/connection'
import type { TimerClock } from '../../clock/timer-clock'

export interface EngineWatchSnapshot {
  connection: ConnectionStatus
  /** When the stream was lost (or the page started connecting); null while connected. */
  lostAt: number | null
  /** Result of the latest probe since the loss; null before the first one (or while connected). */
  reachable: boolean | null
}

export interface EngineWatchOptions {
  connection: ConnectionState
  /** One health request; resolves when the engine answered. */
  probe(): Promise<unknown>
  clock: TimerClock
  /** First probe after the stream is lost (lets a quick reconnect go without a request). */
  graceMs?: number
  /** Between probes while the stream stays down. */
  intervalMs?: number
}

export interface EngineWatch {
  get(): EngineWatchSnapshot
  subscribe(listener: () => void): () => void
  dispose(): void
}

/** Starts watching; call dispose() to stop every timer and subscription. */
export function createEngineWatch({ connection, probe, clock, graceMs = 2_000, intervalMs = 5_000 }: EngineWatchOptions): EngineWatch {
  const listeners = new Set<() => void>()
  let snapshot: EngineWatchSnapshot = {
    connection: connection.get(),
    lostAt: connection.get() === 'connected' ? null : clock.now(),
    reachable: null
  }
  let timer: unknown = null
  /** A probe loop (timer or request in flight) runs for the current loss. */
  let probing = false
  let generation = 0
  let disposed = false

  const set = (patch: Partial<EngineWatchSnapshot>): void => {
    snapshot = { ...snapshot, ...patch }
    for (const listener of listeners) listener()
  }

  const schedule = (ms: number): void => {
    if (timer !== null) clock.clearTimeout(timer)
    timer = clock.setTimeout(runProbe, ms)
  }

  function runProbe(): void {
    timer = null
    const mine = generation
    probe().then(
      () => finish(mine, true),
      () => finish(mine, false)
    )
  }

  function finish(mine: number, reachable: boolean): void {
    // A probe that was in flight when the stream came back (or the watch ended) is stale news.
    if (disposed || mine !== generation) return
    if (snapshot.reachable !== reachable) set({ reachable })
    schedule(intervalMs)
  }

  const onStatus = (status: ConnectionStatus): void => {
    if (status === 'connected') {
      generation++
      probing = false
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      set({ connection: status, lostAt: null, reachable: null })
      return
    }
    const lostAt = snapshot.lostAt ?? clock.now()
    set({ connection: status, lostAt })
    startProbing()
  }

  function startProbing(): void {
    if (probing) return
    probing = true
    schedule(graceMs)
  }

  const unsubscribe = connection.subscribe(onStatus)
  if (snapshot.connection !== 'connected') startProbing()

  return {
    get: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      disposed = true
      generation++
      unsubscribe()
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      listeners.clear()
    }
  }
}

/** The engine is down when the stream is not connected and the latest probe got no answer. */
export function engineStatusOf(snapshot: EngineWatchSnapshot): { down: boolean; lostAt: number | null } {
  return { down: snapshot.connection !== 'connected' && snapshot.reachable === false, lostAt: snapshot.lostAt }
}
