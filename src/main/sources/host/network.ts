// Network throughput: byte counters per interface, turned into rates between two polls.
import { readFile } from 'node:fs/promises'
import si from 'systeminformation'

export interface InterfaceCounters {
  rxBytes: number
  txBytes: number
}

export type NetworkCounters = Map<string, InterfaceCounters>

export interface InterfaceRate {
  iface: string
  rxPerSecond: number
  txPerSecond: number
}

/** Loopback and the host ends of container veth pairs (their traffic is already counted on the bridge). */
export function isReportedInterface(name: string): boolean {
  return !/^(lo\d*|veth.*)$/i.test(name) && !/loopback/i.test(name)
}

/** Parses /proc/net/dev into byte counters per interface. */
export function parseNetDev(text: string): NetworkCounters {
  const counters: NetworkCounters = new Map()
  for (const line of text.split('\n')) {
    const m = /^\s*([^\s:]+):\s*(.*)$/.exec(line)
    if (!m) continue
    const fields = m[2].trim().split(/\s+/).map(Number)
    // Receive: bytes packets errs drop fifo frame compressed multicast; transmit starts at field 8.
    if (fields.length < 9 || !Number.isFinite(fields[0]) || !Number.isFinite(fields[8])) continue
    counters.set(m[1], { rxBytes: fields[0], txBytes: fields[8] })
  }
  return counters
}

/** Reads counters of the reported interfaces: /proc/net/dev on Linux, systeminformation elsewhere. */
export async function readNetworkCounters(useProc: boolean): Promise<NetworkCounters> {
  let all: NetworkCounters
  if (useProc) {
    all = parseNetDev(await readFile('/proc/net/dev', 'utf8'))
  } else {
    all = new Map()
    for (const s of await si.networkStats('*')) all.set(s.iface, { rxBytes: s.rx_bytes, txBytes: s.tx_bytes })
  }
  for (const name of [...all.keys()]) if (!isReportedInterface(name)) all.delete(name)
  return all
}

/** Rates between two readings `seconds` apart; interfaces whose counters went backwards (reset) or are new are left out. */
export function networkRates(prev: NetworkCounters, cur: NetworkCounters, seconds: number): InterfaceRate[] {
  if (!(seconds > 0)) return []
  const rates: InterfaceRate[] = []
  for (const [iface, c] of cur) {
    const p = prev.get(iface)
    if (!p || c.rxBytes < p.rxBytes || c.txBytes < p.txBytes) continue
    rates.push({ iface, rxPerSecond: (c.rxBytes - p.rxBytes) / seconds, txPerSecond: (c.txBytes - p.txBytes) / seconds })
  }
  return rates
}
