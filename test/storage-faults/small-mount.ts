// A small tmpfs mounted for one test file: a real file system that fills up (ENOSPC) and can be
// remounted read-only (EROFS). Needs root; without it the tests skip with a printed reason,
// except under CI, where a missing mechanism fails them.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statfsSync, writeFileSync, unlinkSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface SmallMount {
  dir: string
  /** Fills the file system with filler files, to the last block or leaving `leaveBytes` free. */
  fill(leaveBytes?: number): void
  /** Deletes the filler: the space is back. */
  free(): void
  /** Free bytes as statfs reports them. */
  freeBytes(): number
  remount(mode: 'ro' | 'rw'): void
  /** Unmounts (lazily if something still holds it) and deletes the mount point. */
  remove(): void
}

/** Why a tmpfs cannot be mounted here, or null when it can (tries it once). */
export function mountUnavailable(): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (run as root, as CI does)'
  try {
    const probe = mountTmpfs(1)
    probe.remove()
    return null
  } catch (err) {
    return `mount -t tmpfs failed: ${(err as Error).message.split('\n')[0]}`
  }
}

/** True when the tests can run; otherwise prints why they are skipped, or throws under CI. */
export function canMount(what: string): boolean {
  return mechanismAvailable(what, mountUnavailable())
}

/** True when `reason` is null; otherwise prints why `what` is skipped, or throws under CI (CI must run every storage fault test). */
export function mechanismAvailable(what: string, reason: string | null): boolean {
  if (reason === null) return true
  if (process.env.CI) throw new Error(`${what}: ${reason}; CI must not skip these tests`)
  console.warn(`SKIPPED: ${what}: ${reason}`)
  return false
}

/** Mounts a tmpfs of `sizeMb` MiB on a fresh folder. */
export function mountTmpfs(sizeMb: number): SmallMount {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-mount-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const filler = join(dir, 'filler')
  let mounted = true
  const mount: SmallMount = {
    dir,
    freeBytes: () => {
      const s = statfsSync(dir)
      return s.bavail * s.bsize
    },
    fill(leaveBytes = 0) {
      writeFileSync(filler, Buffer.alloc(Math.max(0, mount.freeBytes() - Math.max(leaveBytes, 64 * 1024))))
      if (leaveBytes > 0) return
      // Small files until not even a block is left.
      for (let i = 0; i < 64; i++) {
        try {
          writeFileSync(`${filler}-${i}`, Buffer.alloc(4096))
        } catch {
          break
        }
      }
    },
    free() {
      for (let i = 0; i < 64; i++) if (existsSync(`${filler}-${i}`)) unlinkSync(`${filler}-${i}`)
      if (existsSync(filler)) unlinkSync(filler)
    },
    remount(mode) {
      execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' })
    },
    remove() {
      if (mounted) {
        try {
          execFileSync('umount', [dir], { stdio: 'pipe' })
        } catch {
          execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
        }
        mounted = false
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return mount
}
