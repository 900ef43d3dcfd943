// The `host` source: this machine's CPU, memory, disks, network, load, uptime and processes.
// Linux reads /proc and statfs directly (cheap, no child processes); other platforms use
// node:os and systeminformation.
import os from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import type { IngestSample, Labels } from '@shared/types'
import type { SourceConfigOf } from '@shared/config/schema'
import type { Source, SourceContext, SourceFactory } from '../source'
import { cpuUsageBetween, clampPercent, readCpuTimes, type CpuTimes } from './cpu'
import { readMemory } from './memory'
import { readDisks } from './disks'
import { networkRates, readNetworkCounters, type NetworkCounters } from './network'
import { countProcesses } from './processes'

export interface HostCollectorOptions {
  /** Read /proc and statfs (Linux) instead of systeminformation. Default: on Linux. */
  useProc?: boolean
  /** On the first poll, CPU usage is measured over this window (there is no earlier reading). */
  cpuPrimeMs?: number
}

/** The source factory for `kind: host`. */
export const createHostSource: SourceFactory<SourceConfigOf<'host'>> = (config) => new HostSource(config.id)

export class HostSource implements Source {
  readonly kind = 'host'
  private readonly useProc: boolean
  private readonly cpuPrimeMs: number
  private prevCpu: CpuTimes | null = null
  private prevNet: { at: number; counters: NetworkCounters } | null = null

  constructor(
    readonly id: string,
    options: HostCollectorOptions = {}
  ) {
    this.useProc = options.useProc ?? process.platform === 'linux'
    this.cpuPrimeMs = options.cpuPrimeMs ?? 250
  }

  /** Collects every metric group; a group that fails is reported as a warning, the others are still written. */
  async poll(ctx: SourceContext): Promise<void> {
    const ts = ctx.now()
    const host = os.hostname()
    const samples: IngestSample[] = []
    const add = (name: string, value: number, unit?: string, labels?: Labels): void => {
      if (Number.isFinite(value)) samples.push({ name, labels: { host, ...labels }, ts, value, unit })
    }
    const failures: string[] = []
    const collect = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn()
      } catch (err) {
        if (ctx.signal.aborted) throw ctx.signal.reason ?? err
        failures.push(`${what}: ${(err as Error).message}`)
      }
    }

    await collect('cpu', async () => {
      if (!this.prevCpu) {
        this.prevCpu = readCpuTimes()
        await sleep(this.cpuPrimeMs, undefined, { signal: ctx.signal })
      }
      const cur = readCpuTimes()
      const usage = cpuUsageBetween(this.prevCpu, cur)
      this.prevCpu = cur
      if (!usage) return
      add('host_cpu_usage_percent', usage.total, '%')
      usage.cores.forEach((v, i) => add('host_cpu_core_usage_percent', v, '%', { core: String(i) }))
    })
    await collect('memory', async () => {
      const m = await readMemory(this.useProc)
      const used = m.totalBytes - m.availableBytes
      add('host_memory_used_bytes', used, 'bytes')
      add('host_memory_total_bytes', m.totalBytes, 'bytes')
      add('host_memory_usage_percent', clampPercent((used / m.totalBytes) * 100), '%')
    })
    await collect('disks', async () => {
      for (const d of await readDisks(this.useProc, (msg) => failures.push(msg))) {
        const labels = { mount: d.mount }
        add('host_disk_used_bytes', d.usedBytes, 'bytes', labels)
        add('host_disk_total_bytes', d.totalBytes, 'bytes', labels)
        add('host_disk_usage_percent', clampPercent(d.usagePercent), '%', labels)
      }
    })
    await collect('network', async () => {
      const at = performance.now()
      const counters = await readNetworkCounters(this.useProc)
      if (this.prevNet) {
        for (const r of networkRates(this.prevNet.counters, counters, (at - this.prevNet.at) / 1000)) {
          add('host_network_receive_bytes_per_second', r.rxPerSecond, 'bytes/s', { interface: r.iface })
          add('host_network_transmit_bytes_per_second', r.txPerSecond, 'bytes/s', { interface: r.iface })
        }
      }
      this.prevNet = { at, counters }
    })
    // Windows has no load average (node reports zeros); leave the series out rather than lie.
    if (process.platform !== 'win32') {
      const [l1, l5, l15] = os.loadavg()
      add('host_load1', l1)
      add('host_load5', l5)
      add('host_load15', l15)
    }
    add('host_uptime_seconds', os.uptime(), 's')
    await collect('processes', async () => add('host_process_count', await countProcesses(this.useProc)))

    if (samples.length === 0) throw new Error(`no host metrics could be read: ${failures.join('; ')}`)
    for (const f of failures) ctx.warn(f)
    await ctx.write(samples)
  }
}
