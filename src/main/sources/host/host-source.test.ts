import os from 'node:os'
import { readdirSync } from 'node:fs'
import { statfs } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { IngestSample } from '@shared/types'
import type { SourceContext } from '../source'
import { HostSource, createHostSource } from './host-source'
import { cpuUsageBetween } from './cpu'
import { parseMeminfo } from './memory'
import { parseMounts, selectMounts } from './disks'
import { networkRates, parseNetDev } from './network'

function fakeContext() {
  const written: IngestSample[] = []
  const warnings: string[] = []
  const ctx: SourceContext = {
    signal: new AbortController().signal,
    now: () => Date.now(),
    write: async (samples) => {
      written.push(...samples)
      return { accepted: samples.length, rejected: [] }
    },
    state: { get: async () => undefined, set: async () => undefined },
    annotate: async () => {
      throw new Error('the host source records no annotations')
    },
    warn: (m) => void warnings.push(m)
  }
  return { ctx, written, warnings }
}

const values = (samples: IngestSample[], name: string) => samples.filter((s) => s.name === name)
const one = (samples: IngestSample[], name: string) => {
  const found = values(samples, name)
  expect(found, name).toHaveLength(1)
  return found[0]
}

describe('host parsers', () => {
  it('parses /proc/meminfo, falling back when MemAvailable is missing', () => {
    expect(parseMeminfo('MemTotal:       1000 kB\nMemFree:  100 kB\nMemAvailable:   600 kB\n')).toEqual({
      total: 1000 * 1024,
      available: 600 * 1024
    })
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\n').available).toBe(350 * 1024)
    expect(() => parseMeminfo('garbage')).toThrow('/proc/meminfo has no MemTotal line')
  })

  it('keeps real filesystems, one per device, and decodes escaped mount points', () => {
    const mounts = parseMounts(
      [
        'proc /proc proc rw 0 0',
        'overlay / overlay rw,lowerdir=/x 0 0',
        'tmpfs /dev/shm tmpfs rw 0 0',
        '/dev/sda1 /etc/hosts ext4 rw 0 0',
        '/dev/sda1 /data ext4 rw 0 0',
        '/dev/sdb1 /mnt/my\\040disk xfs rw 0 0',
        '/dev/loop3 /snap/core/1 squashfs ro 0 0',
        'server:/export /nfs nfs4 rw 0 0',
        'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0'
      ].join('\n')
    )
    expect(selectMounts(mounts).map((m) => m.mount)).toEqual(['/', '/data', '/mnt/my disk'])
  })

  it('parses /proc/net/dev and computes rates, leaving out new and reset interfaces', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0',
      '  eth0: 1000    8046    0    0    0     0          0         0   2000    4888    0    0    0     0       0          0'
    ].join('\n')
    const prev = parseNetDev(text)
    expect(prev.get('eth0')).toEqual({ rxBytes: 1000, txBytes: 2000 })
    const cur = new Map([
      ['eth0', { rxBytes: 3000, txBytes: 2500 }],
      ['lo', { rxBytes: 10, txBytes: 10 }],
      ['wlan0', { rxBytes: 5, txBytes: 5 }]
    ])
    expect(networkRates(prev, cur, 2)).toEqual([{ iface: 'eth0', rxPerSecond: 1000, txPerSecond: 250 }])
    expect(networkRates(prev, cur, 0)).toEqual([])
  })

  it('computes CPU usage per core and in total', () => {
    const usage = cpuUsageBetween({ busy: [0, 100], total: [0, 200] }, { busy: [50, 100], total: [100, 300] })
    expect(usage).toEqual({ total: 25, cores: [50, 0] })
    expect(cpuUsageBetween({ busy: [0], total: [0] }, { busy: [1, 1], total: [2, 2] })).toBeNull()
  })
})

interface Readings {
  load: number[]
  uptime: number
}
const readings = (): Readings => ({ load: os.loadavg(), uptime: os.uptime() })

/** Checks one poll's samples against what this machine reports. */
async function checkPlausible(samples: IngestSample[], before: Readings) {
  const host = os.hostname()
  for (const s of samples) {
    expect(s.labels.host).toBe(host)
    expect(Number.isFinite(s.value)).toBe(true)
    if (s.name.endsWith('_percent')) {
      expect(s.value, s.name).toBeGreaterThanOrEqual(0)
      expect(s.value, s.name).toBeLessThanOrEqual(100)
      expect(s.unit).toBe('%')
    }
    if (s.name.endsWith('_bytes')) expect(s.unit).toBe('bytes')
  }
  expect(one(samples, 'host_cpu_usage_percent').unit).toBe('%')
  expect(values(samples, 'host_cpu_core_usage_percent').map((s) => s.labels.core)).toEqual(os.cpus().map((_c, i) => String(i)))
  const total = one(samples, 'host_memory_total_bytes').value
  expect(total).toBe(os.totalmem())
  const used = one(samples, 'host_memory_used_bytes').value
  expect(used).toBeGreaterThan(0)
  expect(used).toBeLessThanOrEqual(total)
  expect(one(samples, 'host_memory_usage_percent').value).toBeCloseTo((used / total) * 100, 6)
  // Load and uptime were read once during the poll: they lie between the readings taken before and after it.
  const loadAfter = os.loadavg()
  if (process.platform !== 'win32') {
    ;['host_load1', 'host_load5', 'host_load15'].forEach((name, i) => {
      const v = one(samples, name).value
      expect(v, name).toBeGreaterThanOrEqual(Math.min(before.load[i], loadAfter[i]))
      expect(v, name).toBeLessThanOrEqual(Math.max(before.load[i], loadAfter[i]))
    })
  }
  const uptime = one(samples, 'host_uptime_seconds').value
  expect(uptime).toBeGreaterThanOrEqual(before.uptime)
  expect(uptime).toBeLessThanOrEqual(os.uptime())
  expect(one(samples, 'host_process_count').value).toBeGreaterThan(0)
  const disks = values(samples, 'host_disk_total_bytes')
  expect(disks.length).toBeGreaterThan(0)
  for (const d of disks) {
    const usedDisk = samples.find((s) => s.name === 'host_disk_used_bytes' && s.labels.mount === d.labels.mount)!
    expect(usedDisk.value).toBeGreaterThanOrEqual(0)
    expect(usedDisk.value).toBeLessThanOrEqual(d.value)
    expect(samples.some((s) => s.name === 'host_disk_usage_percent' && s.labels.mount === d.labels.mount)).toBe(true)
  }
  return disks
}

describe('host source on this machine', () => {
  it.runIf(process.platform === 'linux')('reads /proc: plausible values, rates from the second poll', async () => {
    const src = new HostSource('host', { useProc: true, cpuPrimeMs: 100 })
    const first = fakeContext()
    const before = readings()
    await src.poll(first.ctx)
    expect(first.warnings).toEqual([])
    const disks = await checkPlausible(first.written, before)
    // Root filesystem numbers match statfs.
    const root = disks.find((d) => d.labels.mount === '/')
    expect(root).toBeDefined()
    const s = await statfs('/')
    expect(root!.value).toBe(s.blocks * s.bsize)
    expect(values(first.written, 'host_disk_total_bytes').some((d) => d.labels.mount.startsWith('/proc'))).toBe(false)
    // Process count is close to what /proc lists now.
    const procs = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length
    expect(Math.abs(one(first.written, 'host_process_count').value - procs)).toBeLessThan(50)
    // No rate without two readings.
    expect(values(first.written, 'host_network_receive_bytes_per_second')).toEqual([])

    await new Promise((r) => setTimeout(r, 200))
    const second = fakeContext()
    const before2 = readings()
    await src.poll(second.ctx)
    await checkPlausible(second.written, before2)
    const rx = values(second.written, 'host_network_receive_bytes_per_second')
    const tx = values(second.written, 'host_network_transmit_bytes_per_second')
    expect(rx.length).toBeGreaterThan(0)
    expect(rx.map((r) => r.labels.interface)).toEqual(tx.map((r) => r.labels.interface))
    expect(rx.map((r) => r.labels.interface)).not.toContain('lo')
    for (const r of [...rx, ...tx]) {
      expect(r.value).toBeGreaterThanOrEqual(0)
      expect(r.unit).toBe('bytes/s')
    }
  })

  it('reads through systeminformation (the macOS/Windows path) with plausible values', async () => {
    const src = new HostSource('host', { useProc: false, cpuPrimeMs: 100 })
    const first = fakeContext()
    const before = readings()
    await src.poll(first.ctx)
    expect(first.warnings).toEqual([])
    await checkPlausible(first.written, before)
    const second = fakeContext()
    await src.poll(second.ctx)
    for (const r of values(second.written, 'host_network_receive_bytes_per_second')) expect(r.value).toBeGreaterThanOrEqual(0)
  })

  it('the factory builds a host source with the config id', () => {
    const src = createHostSource(
      { id: 'this-box', kind: 'host', interval: 15_000, timeout: 10_000, labels: {}, enabled: true },
      { configDir: '.', expandSecrets: (t) => t }
    )
    expect(src.id).toBe('this-box')
    expect(src.kind).toBe('host')
  })

  it('an aborted first poll stops waiting for the CPU window', async () => {
    const src = new HostSource('host', { useProc: true, cpuPrimeMs: 60_000 })
    const { ctx } = fakeContext()
    const controller = new AbortController()
    const polling = src.poll({ ...ctx, signal: controller.signal })
    controller.abort(new Error('timed out after 10s'))
    await expect(polling).rejects.toThrow('timed out after 10s')
  })
})
