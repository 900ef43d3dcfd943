// Runs async tasks one at a time, in call order. The store uses one for its single writer
// (appends, maintenance, state) and one for its reader connection.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  /** Queues a task; it starts after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    // A failed task must not poison the ones queued after it.
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves once every task queued so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
