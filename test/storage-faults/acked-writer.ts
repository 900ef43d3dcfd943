// What the serve-level storage fault tests share: a writer that posts numbered batches to
// /api/write and remembers which were acknowledged, a count of what the server says it stores,
// and the push source's health.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { crashBody, httpCall, pushOnlyConfig, type AckedBatch } from '../../src/main/cli/bench-crash'

export interface AckedWriter {
  /** Batches answered 204, for verifyAcknowledged. */
  acked: AckedBatch[]
  /** Samples acknowledged so far. */
  ackedSamples(): number
  /** Posts the next batch; a batch not answered 204 is never counted. */
  post(): Promise<{ status: number; text: string }>
  /** The `crash` samples the server answers for, counted through /api/query. */
  storedCount(): Promise<number>
}

/** A writer of `batch`-sample batches on the server at `port`, timestamps from `baseTs`. */
export function ackedWriter(port: number, baseTs: number, batch: number): AckedWriter {
  const acked: AckedBatch[] = []
  let seq = 0
  return {
    acked,
    ackedSamples: () => acked.reduce((n, b) => n + b.count, 0),
    async post() {
      const firstSeq = seq
      seq += batch
      const r = await httpCall(port, 'POST', '/api/write?precision=ms', crashBody(0, firstSeq, batch, baseTs))
      if (r.status === 204) acked.push({ writer: 0, firstSeq, count: batch })
      return r
    },
    async storedCount() {
      const q = await httpCall(port, 'GET', `/api/query?series=crash&from=${baseTs}&to=${baseTs + seq + 1}&step=${Math.ceil(seq / 1000) + 1}&agg=count`)
      expect(q.status, q.text).toBe(200)
      return (JSON.parse(q.text) as { points: [number, number][] }).points.reduce((n, [, c]) => n + c, 0)
    }
  }
}

export interface PushHealth {
  id: string
  state: string
  lastError: string | null
}

/** The push source's entry in GET /api/health. */
export async function pushHealth(port: number): Promise<PushHealth> {
  const r = await httpCall(port, 'GET', '/api/health')
  expect(r.status).toBe(200)
  const body = JSON.parse(r.text) as { sources: PushHealth[] }
  const push = body.sources.find((s) => s.id === 'push')
  if (!push) throw new Error(`no push source in /api/health: ${r.text}`)
  return push
}

/** A data folder under `parent` holding the push-only config; returns its path. */
export function pushOnlyDataDir(parent: string, name: string): string {
  const dataDir = join(parent, name)
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, 'vigil.yaml'), pushOnlyConfig())
  return dataDir
}
