// A small ext4 file system on a loop device, mounted `errors=remount-ro`, for one test file: the way
// a real data disk goes read-only while programs have files open on it. Writing to the kernel's
// /sys/fs/ext4/<dev>/trigger_fs_error records a file-system error, and ext4 then remounts itself
// read-only at once (its journal aborted), exactly as after a failing disk. A plain
// `mount -o remount,ro` cannot do this: Linux refuses it while a file is open for writing.
// Repair is what an administrator does: unmount, e2fsck, mount again.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

export interface Ext4Mount {
  dir: string
  /** Records a file-system error: ext4 remounts itself read-only, with every open file still open. */
  failFileSystem(): void
  /** True when writing a file on the mount fails with EROFS. */
  readOnly(): boolean
  /** Unmounts (nothing may hold files on it), checks and repairs the image with e2fsck, mounts it read-write. Returns e2fsck's exit code (0 clean, 1 repaired). */
  repair(): number
  /** Unmounts (lazily if something still holds it) and deletes the image and the mount point. */
  remove(): void
}

/** Why an ext4 loop mount that can be failed is not possible here, or null when it is (tries it once). */
export function ext4LoopUnavailable(): string | null {
  if (process.platform !== 'linux') return `loop-mounted ext4 needs Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'mounting a loop device needs root (run as root, as CI does)'
  try {
    const probe = mountExt4(8)
    try {
      if (!existsSync(probe.triggerPath)) return `${probe.triggerPath} does not exist (a kernel without ext4's sysfs error trigger)`
    } finally {
      probe.mount.remove()
    }
    return null
  } catch (err) {
    return `mkfs.ext4 + mount -o loop failed: ${(err as Error).message.split('\n')[0]}`
  }
}

/** Creates a `sizeMb` MiB ext4 image in the temp folder and mounts it on a fresh folder with errors=remount-ro. */
export function mountExt4(sizeMb: number): { mount: Ext4Mount; triggerPath: string } {
  const work = mkdtempSync(join(tmpdir(), 'vigil-ext4-'))
  const image = join(work, 'disk.img')
  const dir = join(work, 'mnt')
  const run = (cmd: string, args: string[]): void => {
    execFileSync(cmd, args, { stdio: 'pipe' })
  }
  run('truncate', ['-s', `${sizeMb}M`, image])
  run('mkfs.ext4', ['-q', '-F', image])
  run('mkdir', [dir])
  const mountIt = (): void => run('mount', ['-o', 'loop,errors=remount-ro', image, dir])
  try {
    mountIt()
  } catch (err) {
    rmSync(work, { recursive: true, force: true })
    throw err
  }
  let mounted = true
  // The loop device the image got, e.g. /dev/loop3 → loop3, ext4's name for it under /sys/fs/ext4.
  const device = (): string => {
    const line = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .find((l) => l.split(' ')[1] === dir)
    if (!line) throw new Error(`${dir} is not mounted`)
    return basename(line.split(' ')[0])
  }
  const triggerPath = `/sys/fs/ext4/${device()}/trigger_fs_error`
  const mount: Ext4Mount = {
    dir,
    failFileSystem() {
      // Looked up each time: a repaired image may be mounted on another loop device.
      writeFileSync(`/sys/fs/ext4/${device()}/trigger_fs_error`, 'vigil-test\n')
    },
    readOnly() {
      // Tried rather than read from /proc/self/mounts: newer kernels mark an error remount there
      // as `emergency_ro`, older ones as `ro`.
      try {
        writeFileSync(join(dir, '.write-probe'), 'x')
        unlinkSync(join(dir, '.write-probe'))
        return false
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EROFS') return true
        throw err
      }
    },
    repair() {
      run('umount', [dir])
      mounted = false
      let code = 0
      try {
        run('e2fsck', ['-f', '-y', image])
      } catch (err) {
        // 1: errors were corrected; anything above means the image is still damaged.
        code = (err as { status?: number }).status ?? -1
        if (code !== 1) throw err
      }
      mountIt()
      mounted = true
      return code
    },
    remove() {
      if (mounted) {
        try {
          run('umount', [dir])
        } catch {
          run('umount', ['-l', dir])
        }
        mounted = false
      }
      rmSync(work, { recursive: true, force: true })
    }
  }
  return { mount, triggerPath }
}
