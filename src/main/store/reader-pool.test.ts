import { describe, expect, it } from 'vitest'
import { ReaderPool } from './reader-pool'

/** A promise resolved from outside. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('ReaderPool', () => {
  it('gives each running task its own connection and starts waiting tasks in call order', async () => {
    const pool = new ReaderPool(['a', 'b'])
    const gates = [gate(), gate(), gate(), gate()]
    const using = new Set<string>()
    const started: number[] = []
    const runs = gates.map((g, i) =>
      pool.run(async (c) => {
        expect(using.has(c)).toBe(false)
        using.add(c)
        started.push(i)
        await g.promise
        using.delete(c)
        return i
      })
    )
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([0, 1]) // two connections, two tasks running
    gates[1].open()
    await runs[1]
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([0, 1, 2])
    gates[0].open()
    gates[2].open()
    gates[3].open()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3])
  })

  it('releases the connection when a task fails, and idle() waits for every task', async () => {
    const pool = new ReaderPool(['only'])
    const failed = pool.run(async () => {
      throw new Error('boom')
    })
    const g = gate()
    let done = false
    const next = pool.run(async (c) => {
      await g.promise
      done = true
      return c
    })
    await expect(failed).rejects.toThrow('boom')
    const idle = pool.idle()
    g.open()
    await idle
    expect(done).toBe(true)
    expect(await next).toBe('only')
    await pool.idle()
  })

  it('needs at least one connection', () => {
    expect(() => new ReaderPool([])).toThrow(/at least one connection/)
  })
})
