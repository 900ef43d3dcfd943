// Helpers for the KPI tests: real samples from the host source (one poll) and the demo model.
import type { IngestSample } from '@shared/types'
import { HostSource } from '../sources/host/host-source'
import type { SourceContext } from '../sources/source'
import { DemoModel } from '../sources/demo/model'

/** One real poll of the host source at `now`. */
export async function hostSamples(now: number): Promise<IngestSample[]> {
  const written: IngestSample[] = []
  const ctx: SourceContext = {
    signal: new AbortController().signal,
    now: () => now,
    write: async (samples) => {
      written.push(...samples)
      return { accepted: samples.length, rejected: [] }
    },
    state: { get: async () => undefined, set: async () => undefined },
    annotate: async () => undefined,
    warn: () => undefined
  }
  await new HostSource('host', { cpuPrimeMs: 50 }).poll(ctx)
  return written
}

/** Demo samples on the grid from..to (exclusive) every stepMs, handed to `sink` in chunks. */
export async function demoSamples(
  programmeStart: number,
  from: number,
  to: number,
  stepMs: number,
  sink: (chunk: IngestSample[]) => Promise<void>
): Promise<void> {
  const model = new DemoModel(42, programmeStart)
  let chunk: IngestSample[] = []
  for (let t = Math.ceil(from / stepMs) * stepMs; t < to; t += stepMs) {
    model.valuesAt(t, chunk)
    if (chunk.length >= 50_000) {
      await sink(chunk)
      chunk = []
    }
  }
  if (chunk.length > 0) await sink(chunk)
}
