// How store parts beside the samples (outbox, alert tables) reach the store's connections:
// writes in the store's write order, reads on a reader, both refused once the store is closing.
import type { Sql } from './sql'

export interface TableAccess {
  /** Runs `task` in the write queue; rejects with the store's "closed" error naming `op` once closing. */
  write<T>(op: string, task: (sql: Sql) => Promise<T>): Promise<T>
  /** Runs `task` on a reader connection; rejects like write() once closing. */
  read<T>(op: string, task: (sql: Sql) => Promise<T>): Promise<T>
}
