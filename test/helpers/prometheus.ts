// Starts the Debian `prometheus` binary on a free loopback port, scraping itself every second.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProcess, waitFor } from './child-process'
import { freePort } from './free-port'

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'

export interface RunningPrometheus {
  /** e.g. http://127.0.0.1:41234 */
  url: string
  stop(): Promise<void>
}

/** Starts Prometheus and resolves once it is ready and `up` has data. */
export async function startPrometheus(): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-prom-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: prometheus',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${port}']`
  ].join('\n')
  await writeFile(join(dir, 'prometheus.yml'), config)
  const proc = startProcess(PROMETHEUS_BIN, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`
  ])
  const stop = async (): Promise<void> => {
    await proc.stop('SIGTERM')
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitFor('prometheus /-/ready', proc, 60_000, async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined))
    await waitFor('prometheus data for `up`', proc, 60_000, async () => {
      const res = await fetch(`${url}/api/v1/query?query=up`)
      const body = (await res.json()) as { data?: { result?: unknown[] } }
      return (body.data?.result?.length ?? 0) > 0 ? true : undefined
    })
  } catch (err) {
    await stop()
    throw err
  }
  return { url, stop }
}
