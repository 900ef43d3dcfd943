import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from './duckdb-store'
import type { DuckDBStore } from './duckdb-store'
import { outboxId } from './outbox'
import type { OutboxInput } from './outbox'
import { LONG_RETENTION, tempDir } from './test-support'

const T0 = Date.UTC(2025, 0, 1)

function input(dedupKey: string, over: Partial<OutboxInput> = {}): OutboxInput {
  return { dedupKey, receiver: 'hook', groupKey: 'g1', kind: 'firing', level: 0, summary: `summary ${dedupKey}`, payload: { key: dedupKey }, ...over }
}

describe('notification outbox', () => {
  let tmp: ReturnType<typeof tempDir>
  let file: string
  let store: DuckDBStore | null = null

  const reopen = async (): Promise<DuckDBStore> => {
    await store?.close()
    store = await openStore({ path: file, retention: LONG_RETENTION, threads: 1 })
    return store
  }

  beforeEach(() => {
    tmp = tempDir('outbox')
    file = join(tmp.dir, 'vigil.duckdb')
  })
  afterEach(async () => {
    await store?.close()
    store = null
    tmp.cleanup()
  })

  it('records a notification once per (receiver, dedup key); a re-enqueue changes nothing', async () => {
    const s = await reopen()
    const first = await s.outbox.enqueue(input('k1'), T0)
    expect(first).toEqual({ id: outboxId('hook', 'k1'), inserted: true })
    const again = await s.outbox.enqueue(input('k1', { summary: 'different', payload: { other: true } }), T0 + 5000)
    expect(again).toEqual({ id: first.id, inserted: false })
    // The same key for another receiver is another notification.
    expect((await s.outbox.enqueue(input('k1', { receiver: 'mail' }), T0)).inserted).toBe(true)

    const log = await s.outbox.list()
    expect(log).toHaveLength(2)
    const row = await s.outbox.get(first.id)
    expect(row).toMatchObject({ dedupKey: 'k1', receiver: 'hook', groupKey: 'g1', kind: 'firing', level: 0, summary: 'summary k1' })
    expect(row).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T0, lastError: null, created: T0, deliveredAt: null })
    expect(row?.payload).toEqual({ key: 'k1' })
  })

  it('claims due rows once, counts attempts, and records delivery, retries and permanent failures', async () => {
    const s = await reopen()
    const a = await s.outbox.enqueue(input('a', { groupKey: 'ga' }), T0)
    const b = await s.outbox.enqueue(input('b', { groupKey: 'gb' }), T0)
    const c = await s.outbox.enqueue(input('c', { groupKey: 'gc' }), T0 + 60_000)

    const claimed = await s.outbox.claimDue(T0 + 1000, 10)
    expect(claimed.map((r) => r.id)).toEqual([a.id, b.id])
    expect(claimed.every((r) => r.state === 'sending' && r.attempts === 1)).toBe(true)
    expect(claimed[0].payload).toEqual({ key: 'a' })
    // Claimed rows are not handed out twice; c is not due yet.
    expect(await s.outbox.claimDue(T0 + 1000, 10)).toEqual([])

    expect(await s.outbox.markDelivered(a.id, T0 + 2000)).toBe(true)
    // A second mark is refused: the row is no longer sending.
    expect(await s.outbox.markDelivered(a.id, T0 + 2001)).toBe(false)
    expect(await s.outbox.markFailed(b.id, T0 + 2000, { error: 'HTTP 503', retryAt: T0 + 7000 })).toBe(true)

    expect(await s.outbox.get(a.id)).toMatchObject({ state: 'delivered', deliveredAt: T0 + 2000, attempts: 1, lastError: null })
    expect(await s.outbox.get(b.id)).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 7000, attempts: 1, lastError: 'HTTP 503' })

    expect(await s.outbox.claimDue(T0 + 6999, 10)).toEqual([])
    const retry = await s.outbox.claimDue(T0 + 60_000, 10)
    expect(retry.map((r) => [r.id, r.attempts])).toEqual([
      [b.id, 2],
      [c.id, 1]
    ])
    expect(await s.outbox.markFailed(b.id, T0 + 61_000, { error: 'HTTP 400 bad payload', retryAt: null })).toBe(true)
    expect(await s.outbox.get(b.id)).toMatchObject({ state: 'failed', attempts: 2, lastError: 'HTTP 400 bad payload' })
    expect((await s.outbox.list({ state: 'failed' })).map((e) => e.id)).toEqual([b.id])
  })

  it("keeps one receiver's notifications of a group in order, and other groups and receivers flowing", async () => {
    const s = await reopen()
    const fire = await s.outbox.enqueue(input('fire', { groupKey: 'g' }), T0)
    const resolve = await s.outbox.enqueue(input('resolve', { groupKey: 'g', kind: 'resolved' }), T0 + 10)
    const other = await s.outbox.enqueue(input('other', { groupKey: 'h' }), T0 + 20)
    const mail = await s.outbox.enqueue(input('fire', { groupKey: 'g', receiver: 'mail' }), T0 + 30)

    let claimed = await s.outbox.claimDue(T0 + 100, 10)
    expect(claimed.map((r) => r.id).sort()).toEqual([fire.id, other.id, mail.id].sort())
    await s.outbox.markFailed(fire.id, T0 + 200, { error: 'down', retryAt: T0 + 5000 })
    await s.outbox.markDelivered(other.id, T0 + 200)
    await s.outbox.markDelivered(mail.id, T0 + 200)
    // "resolved" is due, but its group's "firing" is still pending for this receiver.
    expect(await s.outbox.claimDue(T0 + 1000, 10)).toEqual([])
    expect(await s.outbox.nextDue()).toBe(T0 + 5000)
    claimed = await s.outbox.claimDue(T0 + 5000, 10)
    expect(claimed.map((r) => r.id)).toEqual([fire.id])
    await s.outbox.markDelivered(fire.id, T0 + 5001)
    expect(await s.outbox.nextDue()).toBe(T0 + 10)
    claimed = await s.outbox.claimDue(T0 + 5001, 10)
    expect(claimed.map((r) => r.id)).toEqual([resolve.id])
    expect(await s.outbox.nextDue()).toBeNull()
  })

  it('limits rows per receiver, counting sends already running', async () => {
    const s = await reopen()
    for (let i = 0; i < 4; i++) await s.outbox.enqueue(input(`slow-${i}`, { receiver: 'slow', groupKey: `s${i}` }), T0 + i)
    for (let i = 0; i < 2; i++) await s.outbox.enqueue(input(`fast-${i}`, { receiver: 'fast', groupKey: `f${i}` }), T0 + 10 + i)

    const first = await s.outbox.claimDue(T0 + 100, 10, { perReceiver: 2, busy: { slow: 1 } })
    expect(first.map((r) => r.dedupKey)).toEqual(['slow-0', 'fast-0', 'fast-1'])
    const second = await s.outbox.claimDue(T0 + 100, 1, { perReceiver: 2 })
    expect(second.map((r) => r.dedupKey)).toEqual(['slow-1'])
    expect(await s.outbox.claimDue(T0 + 100, 10, { perReceiver: 2, busy: { slow: 2 } })).toEqual([])
  })

  it('keeps rows across a restart and hands out rows left in "sending" again', async () => {
    let s = await reopen()
    const left = await s.outbox.enqueue(input('left', { groupKey: 'a' }), T0)
    const waiting = await s.outbox.enqueue(input('waiting', { groupKey: 'b' }), T0)
    const done = await s.outbox.enqueue(input('done', { groupKey: 'c' }), T0)
    const claimed = await s.outbox.claimDue(T0, 10)
    expect(claimed).toHaveLength(3)
    await s.outbox.markFailed(waiting.id, T0 + 1, { error: 'timeout', retryAt: T0 + 10_000 })
    await s.outbox.markDelivered(done.id, T0 + 1)
    // "left" stays in sending, as if the process died mid-send.

    s = await reopen()
    expect(await s.outbox.get(left.id)).toMatchObject({ state: 'sending', attempts: 1 })
    expect(await s.outbox.requeueInterrupted(T0 + 500)).toBe(1)
    expect(await s.outbox.get(left.id)).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 500, attempts: 1 })
    expect((await s.outbox.get(left.id))?.lastError).toMatch(/^interrupted while sending/)
    expect(await s.outbox.get(waiting.id)).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 10_000 })
    expect(await s.outbox.get(done.id)).toMatchObject({ state: 'delivered' })

    // Enqueue order survives the restart: a new row of group "a" waits behind the recovered one.
    const later = await s.outbox.enqueue(input('later', { groupKey: 'a' }), T0 + 600)
    expect((await s.outbox.claimDue(T0 + 700, 10)).map((r) => r.id)).toEqual([left.id])
    await s.outbox.markDelivered(left.id, T0 + 800)
    expect((await s.outbox.claimDue(T0 + 900, 10)).map((r) => r.id)).toEqual([later.id])
    expect(await s.outbox.get(left.id)).toMatchObject({ state: 'delivered', attempts: 2 })
  })

  it('filters the log and prunes final rows only', async () => {
    const s = await reopen()
    await s.outbox.enqueue(input('a', { groupKey: 'ga' }), T0)
    await s.outbox.enqueue(input('b', { groupKey: 'gb', receiver: 'mail' }), T0 + 1000)
    await s.outbox.enqueue(input('c', { groupKey: 'gc' }), T0 + 2000)
    expect((await s.outbox.list()).map((e) => e.dedupKey)).toEqual(['c', 'b', 'a'])
    expect((await s.outbox.list({ receiver: 'mail' })).map((e) => e.dedupKey)).toEqual(['b'])
    expect((await s.outbox.list({ groupKey: 'gc' })).map((e) => e.dedupKey)).toEqual(['c'])
    expect((await s.outbox.list({ since: T0 + 1000, until: T0 + 2000 })).map((e) => e.dedupKey)).toEqual(['b'])
    expect((await s.outbox.list({ limit: 1 })).map((e) => e.dedupKey)).toEqual(['c'])

    const claimed = await s.outbox.claimDue(T0 + 3000, 1)
    await s.outbox.markDelivered(claimed[0].id, T0 + 3000)
    expect(await s.outbox.prune(T0 + 3000)).toBe(0)
    expect(await s.outbox.prune(T0 + 3001)).toBe(1)
    expect((await s.outbox.list()).map((e) => e.dedupKey)).toEqual(['c', 'b'])
  })

  it('refuses bad input with messages that say what and where', async () => {
    const s = await reopen()
    await expect(s.outbox.enqueue(input(''), T0)).rejects.toThrow('outbox enqueue for receiver "hook": dedupKey must be a non-empty string, got ""')
    await expect(s.outbox.enqueue(input('k', { receiver: 42 as unknown as string }), T0)).rejects.toThrow(
      'outbox enqueue: receiver must be a non-empty string, got number'
    )
    await expect(s.outbox.enqueue(input('k', { level: -1 }), T0)).rejects.toThrow('level must be a whole number from 0 to 1000, got -1')
    await expect(s.outbox.enqueue(input('k', { payload: undefined }), T0)).rejects.toThrow('payload is undefined, which JSON cannot store')
    await expect(s.outbox.enqueue(input('k'), Number.NaN)).rejects.toThrow('outbox enqueue: now must be epoch milliseconds, got NaN')
    await expect(s.outbox.list({ state: 'lost' as 'failed' })).rejects.toThrow('outbox list: state "lost" is not one of pending, sending, delivered, failed')
    await expect(s.outbox.claimDue(T0, 5, { perReceiver: 0 })).rejects.toThrow('perReceiver must be a whole number ≥ 1, got 0')
    // Nothing was recorded by the refused calls.
    expect(await s.outbox.list()).toEqual([])
    await s.close()
    await expect(s.outbox.enqueue(input('k'), T0)).rejects.toThrow('is closed (outbox enqueue refused)')
    store = null
  })
})
