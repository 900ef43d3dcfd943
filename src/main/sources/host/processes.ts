// Number of processes on the machine.
import { readdir } from 'node:fs/promises'
import si from 'systeminformation'

/** Counts processes: numeric entries of /proc on Linux (cheap), systeminformation elsewhere. */
export async function countProcesses(useProc: boolean): Promise<number> {
  if (useProc) {
    const names = await readdir('/proc')
    return names.filter((n) => /^\d+$/.test(n)).length
  }
  return (await si.processes()).all
}
