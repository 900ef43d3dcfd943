// A lock file held while one process appends to the audit log, so `vigil serve` and a CLI command
// (`vigil secret set`, `vigil export`) on the same data dir never fork the hash chain. Held for one
// write (milliseconds); a lock left by a crashed process (its pid gone, or older than STALE_MS) is
// taken over.
import { open, readFile, stat, unlink } from 'node:fs/promises'

export const STALE_MS = 10_000
const WAIT_MS = 5_000

/** Runs `fn` while holding `<path>`; throws a clear Error when the lock stays busy. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      if (await isStale(path)) {
        await unlink(path).catch(() => undefined)
        continue
      }
      if (Date.now() > deadline) throw new Error(`${path} has been held by another Vigil process for over ${WAIT_MS / 1000} s`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  try {
    return await fn()
  } finally {
    await unlink(path).catch(() => undefined)
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)])
    if (Date.now() - info.mtimeMs > STALE_MS) return true
    const pid = Number(text)
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - info.mtimeMs > 1000 // being written, or garbage
    try {
      process.kill(pid, 0)
      return false
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH'
    }
  } catch {
    return false // gone already: the next attempt takes it
  }
}
