// Space on local, real filesystems. On Linux: /proc/self/mounts + statfs (no child process);
// elsewhere systeminformation's fsSize().
import { readFile, statfs } from 'node:fs/promises'
import si from 'systeminformation'

export interface DiskUsage {
  mount: string
  totalBytes: number
  usedBytes: number
  /** Like df: used / (used + available to unprivileged users), so reserved blocks count as unavailable. */
  usagePercent: number
}

export interface MountEntry {
  device: string
  mount: string
  type: string
}

/** Kernel and memory filesystems, read-only images and remote filesystems (which can hang statfs). */
const SKIPPED_TYPES = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'devfs', 'tmpfs', 'ramfs', 'cgroup', 'cgroup2', 'mqueue', 'debugfs',
  'tracefs', 'securityfs', 'pstore', 'bpf', 'configfs', 'fusectl', 'hugetlbfs', 'autofs', 'binfmt_misc',
  'rpc_pipefs', 'nsfs', 'efivarfs', 'selinuxfs', 'nfsd', 'squashfs', 'iso9660', 'udf', 'fuse.lxcfs',
  'fuse.gvfsd-fuse', 'fuse.portal', 'fuse.snapfuse', 'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'sshfs',
  'fuse.sshfs', 'fuse.rclone', 'davfs', 'ceph', 'glusterfs', 'afs', '9p', 'map', 'lofs', 'autofs_nowait'
])

/** True for filesystems worth reporting (local, holding data). */
export function isReportedFilesystem(type: string): boolean {
  return !SKIPPED_TYPES.has(type.toLowerCase())
}

/** Parses /proc/self/mounts (octal escapes such as \040 for spaces decoded). */
export function parseMounts(text: string): MountEntry[] {
  const decode = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)))
  const entries: MountEntry[] = []
  for (const line of text.split('\n')) {
    const [device, mount, type] = line.trim().split(/\s+/)
    if (!device || !mount || !type) continue
    entries.push({ device: decode(device), mount: decode(mount), type })
  }
  return entries
}

/** The mounts to report: real filesystems, one per device (bind mounts of the same device repeat its numbers). */
export function selectMounts(entries: MountEntry[]): MountEntry[] {
  const byDevice = new Map<string, MountEntry>()
  for (const e of entries) {
    if (!isReportedFilesystem(e.type)) continue
    const prev = byDevice.get(e.device)
    // Keep the shortest mount point: "/" rather than a bind mount like "/etc/hosts".
    if (!prev || e.mount.length < prev.mount.length) byDevice.set(e.device, e)
  }
  return [...byDevice.values()]
}

/** Reads disk usage; a mount that cannot be read is reported through `warn` and skipped. Zero-sized filesystems are skipped. */
export async function readDisks(useProc: boolean, warn: (message: string) => void): Promise<DiskUsage[]> {
  if (!useProc) {
    const list = await si.fsSize()
    return list
      .filter((d) => isReportedFilesystem(d.type) && d.size > 0)
      .map((d) => ({
        mount: d.mount,
        totalBytes: d.size,
        usedBytes: d.used,
        usagePercent: d.used + d.available > 0 ? (d.used / (d.used + d.available)) * 100 : 0
      }))
  }
  const mounts = selectMounts(parseMounts(await readFile('/proc/self/mounts', 'utf8')))
  const disks: DiskUsage[] = []
  for (const m of mounts) {
    try {
      const s = await statfs(m.mount)
      const totalBytes = s.blocks * s.bsize
      if (totalBytes <= 0) continue
      const usedBytes = (s.blocks - s.bfree) * s.bsize
      const availBytes = s.bavail * s.bsize
      const usagePercent = usedBytes + availBytes > 0 ? (usedBytes / (usedBytes + availBytes)) * 100 : 0
      disks.push({ mount: m.mount, totalBytes, usedBytes, usagePercent })
    } catch (err) {
      warn(`disk ${m.mount}: ${(err as Error).message}`)
    }
  }
  return disks
}
