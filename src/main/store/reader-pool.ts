// A few reader connections shared by read tasks: each task gets a connection no other task is
// using, so concurrent queries run side by side; tasks wait in call order for a free one.

export class ReaderPool<C> {
  private readonly free: C[]
  private readonly waiting: Array<(c: C) => void> = []
  private pending = 0
  private idleWaiters: Array<() => void> = []

  constructor(readonly all: readonly C[]) {
    if (all.length === 0) throw new Error('a reader pool needs at least one connection')
    this.free = [...all]
  }

  /** Runs `task` on a free connection, after the tasks queued before it have started. */
  async run<T>(task: (c: C) => Promise<T>): Promise<T> {
    this.pending++
    try {
      // Starts no sooner than the next microtask, so calls made together can see each other's work.
      const c = await this.acquire()
      try {
        return await task(c)
      } finally {
        this.release(c)
      }
    } finally {
      this.pending--
      if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve()
    }
  }

  /** Resolves once no task is running or waiting. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private acquire(): Promise<C> {
    const c = this.free.pop()
    if (c !== undefined) return Promise.resolve(c)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  private release(c: C): void {
    const next = this.waiting.shift()
    if (next) next(c)
    else this.free.push(c)
  }
}
