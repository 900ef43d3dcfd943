// Memory in use = total − available (what the kernel could hand out without swapping), not
// total − free, which would count the page cache as used.
import os from 'node:os'
import { readFile } from 'node:fs/promises'
import si from 'systeminformation'

export interface MemoryReading {
  totalBytes: number
  availableBytes: number
}

/** Parses /proc/meminfo; MemAvailable, or MemFree + Buffers + Cached on kernels without it. Values in bytes. */
export function parseMeminfo(text: string): { total: number; available: number } {
  const kb = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)\s*kB/.exec(line)
    if (m) kb.set(m[1], Number(m[2]) * 1024)
  }
  const total = kb.get('MemTotal')
  if (total === undefined) throw new Error('/proc/meminfo has no MemTotal line')
  const available = kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0)
  return { total, available }
}

/** Reads memory: /proc/meminfo on Linux, systeminformation elsewhere. Total is os.totalmem(). */
export async function readMemory(useProc: boolean): Promise<MemoryReading> {
  const totalBytes = os.totalmem()
  if (useProc) {
    const { available } = parseMeminfo(await readFile('/proc/meminfo', 'utf8'))
    return { totalBytes, availableBytes: Math.min(available, totalBytes) }
  }
  const mem = await si.mem()
  return { totalBytes, availableBytes: Math.min(mem.available, totalBytes) }
}
