// Helpers for test-owned child processes: keep the tail of their output, stop them by pid, wait bounded.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

export interface OwnedProcess {
  child: ChildProcess
  /** The last few kilobytes of stdout+stderr, for failure messages. */
  output(): string
  /** Resolves once the process has exited. */
  exited: Promise<number | null>
  /** Sends `signal` to this process only, waits up to 15 s, then SIGKILL. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

const KEEP_OUTPUT = 8000

/** Starts a program whose lifetime the test owns. */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}): OwnedProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  let tail = ''
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-KEEP_OUTPUT)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.once('error', (err) => {
      keep(Buffer.from(`\nspawn failed: ${err.message}\n`))
      resolve(null)
    })
  })
  let running = true
  void exited.then(() => (running = false))
  return {
    child,
    output: () => tail,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!running) return
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
  }
}

/** Polls `check` every 200 ms until it returns a value, the process exits, or `timeoutMs` passes. */
export async function waitFor<T>(what: string, proc: OwnedProcess, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  let exited = false
  void proc.exited.then(() => (exited = true))
  const deadline = Date.now() + timeoutMs
  let lastError = ''
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what}: the process exited early. Output:\n${proc.output()}`)
    try {
      const result = await check()
      if (result !== undefined) return result
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms (${lastError}). Output:\n${proc.output()}`)
}
