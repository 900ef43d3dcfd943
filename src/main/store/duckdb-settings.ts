// The DuckDB settings a store opens with. DuckDB's defaults suit a database server, not a
// monitoring app that runs for weeks next to a browser:
// - memory_limit: DuckDB's default is 80 % of the machine's RAM, and its buffer manager keeps
//   every block it has read until that cap presses, so the cached part of the database file (and
//   the engine's RSS) grew with the data for months. Vigil caps it (storage.memory_limit, default
//   512MB); past the cap DuckDB evicts cached blocks (re-read from the file, usually from the OS
//   page cache) and spills large operators to its temp directory instead of failing.
// What the cap does not cover (measured in soak runs, see scripts/soak/README.md): DuckDB's
// eviction queues keep a small record (~150 B) of every temporary buffer a query used until the
// queue is purged, which DuckDB only does once a queue holds 32,768 entries; that bookkeeping
// lives outside the buffer pool, grows with the number of queries run and levels off at that
// purge threshold (some tens of MB). The engine gives it back by reopening the store every
// storage.reopen_interval (DuckDBStore.reopen()).
import { DEFAULT_MEMORY_LIMIT, memoryLimitProblem } from '@shared/config/storage-memory-schema'

export { DEFAULT_MEMORY_LIMIT }

/** The options DuckDBInstance.create takes for a store; throws a clear Error for a bad memory cap. */
export function instanceOptions(opts: { threads: number; memoryLimit?: string }): Record<string, string> {
  const memoryLimit = opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT
  const problem = memoryLimitProblem(memoryLimit)
  if (problem) throw new Error(`store memory_limit: ${problem}`)
  return { threads: String(opts.threads), memory_limit: memoryLimit }
}
