// DuckDB's own view of the memory it holds in this process (buffer pool, in-memory table data,
// query state), for GET /api/health's `process` figures and soak runs: the engine's RSS alone
// cannot tell DuckDB's cache from a leak. Every open store registers its instance here.
import type { DuckDBInstance } from '@duckdb/node-api'
import { memoryLimitBytes } from '@shared/config/storage-memory-schema'

export interface DuckDBMemory {
  /** Bytes DuckDB's buffer manager accounts for, over every open database of this process. */
  usedBytes: number
  /** Bytes spilled to temporary files. */
  temporaryBytes: number
  /** The smallest memory_limit among the open databases, in bytes (the cap on usedBytes). */
  limitBytes: number
  /** Non-zero usage by DuckDB's memory tag (BASE_TABLE, IN_MEMORY_TABLE, HASH_TABLE, …), in bytes. */
  byTag: Record<string, number>
}

const open = new Set<DuckDBInstance>()

/** Counts `instance` in duckdbMemory() until untrackInstance(). */
export function trackInstance(instance: DuckDBInstance): void {
  open.add(instance)
}

/** Stops counting `instance` (call before closing it). */
export function untrackInstance(instance: DuckDBInstance): void {
  open.delete(instance)
}

/** DuckDB's memory over every open store of this process; null when none is open. */
export async function duckdbMemory(): Promise<DuckDBMemory | null> {
  if (open.size === 0) return null
  const total: DuckDBMemory = { usedBytes: 0, temporaryBytes: 0, limitBytes: Infinity, byTag: {} }
  for (const instance of [...open]) {
    // A connection of its own: the store's connections each run one task at a time.
    const connection = await instance.connect()
    try {
      const tags = await connection.runAndReadAll('SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory()')
      for (const [tag, used, temporary] of tags.getRows()) {
        const usedBytes = Number(used)
        total.usedBytes += usedBytes
        total.temporaryBytes += Number(temporary)
        if (usedBytes > 0) total.byTag[String(tag)] = (total.byTag[String(tag)] ?? 0) + usedBytes
      }
      // DuckDB reports the cap as text such as "488.2 MiB".
      const limit = await connection.runAndReadAll("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'")
      const bytes = memoryLimitBytes(String(limit.getRows()[0]?.[0] ?? ''))
      if (bytes !== null) total.limitBytes = Math.min(total.limitBytes, bytes)
    } finally {
      connection.closeSync()
    }
  }
  if (!Number.isFinite(total.limitBytes)) total.limitBytes = 0
  return total
}
