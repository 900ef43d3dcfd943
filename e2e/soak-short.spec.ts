// The soak run's short version: the same driver (scripts/soak/soak.mjs) for about a minute,
// checking that its pipeline works — vigil serve --speed, the wallboard rotating in Chromium,
// samples of every series recorded, slopes computed, and no stale-data banner. It asserts no
// memory threshold: a minute of samples on a shared machine says nothing about a leak; the
// figures come from `npm run soak` (see its summary).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'

const ROOT = resolve(__dirname, '..')

interface Trend {
  n: number
  slopePerSimHour: number
  slopePerRealHour: number
}

interface Summary {
  speed: number
  simulatedHours: number
  samples: number
  trendsAll: Record<string, Trend | null>
  maxEventLoopDelayMs: number
  banners: { from: number; cause: string; text: string }[]
  rotations: number
  viewsShown: string[]
}

test('a short soak records every series, rotates the playlist and shows no stale banner', async () => {
  test.setTimeout(240_000)
  const out = mkdtempSync(join(tmpdir(), 'vigil-soak-short-'))
  try {
    // 10×: the engine's 2-minute stale threshold is still 12 real seconds, so a busy shared CI
    // machine does not raise the banner on its own; 0.2 h = 72 real seconds.
    const args = ['scripts/soak/soak.mjs', '--hours', '0.2', '--speed', '10', '--sample-every', '4', '--rotate', '8', '--backfill', '2d', '--out', out]
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    child.stdout.on('data', (d) => (log += d))
    child.stderr.on('data', (d) => (log += d))
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)))
    expect(code, log).toBe(0)

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary
    const csv = readFileSync(join(out, 'samples.csv'), 'utf8').trim().split('\n')
    const header = csv[0].split(',')
    expect(csv.length - 1, log).toBe(summary.samples)
    expect(summary.samples, log).toBeGreaterThanOrEqual(10)
    // The engine clock ran at the requested speed: 0.2 h simulated (sampling overruns add a little).
    expect(summary.simulatedHours).toBeGreaterThanOrEqual(0.19)
    // Every series was measured in every sample (no blanks, no NaN).
    for (const key of ['engineRssMb', 'engineHeapMb', 'loopMaxMs', 'pageHeapMb', 'domNodes', 'jsListeners', 'storeMb']) {
      const col = header.indexOf(key)
      expect(col, `column ${key}`).toBeGreaterThanOrEqual(0)
      const values = csv.slice(1).map((line) => Number(line.split(',')[col]))
      expect(values.every(Number.isFinite), `${key}: ${values.join(' ')}`).toBe(true)
    }
    expect(csv.slice(1).every((line) => Number(line.split(',')[header.indexOf('engineRssMb')]) > 10)).toBe(true)
    expect(csv.slice(1).every((line) => Number(line.split(',')[header.indexOf('domNodes')]) > 50)).toBe(true)
    // A slope for each memory series, against simulated and real time.
    for (const key of ['engineRssMb', 'engineHeapMb', 'pageHeapMb', 'domNodes', 'jsListeners']) {
      const t = summary.trendsAll[key]
      expect(t, key).not.toBeNull()
      expect(Number.isFinite(t!.slopePerSimHour) && Number.isFinite(t!.slopePerRealHour), key).toBe(true)
      // Simulated time runs `speed` times faster, so the per-real-hour slope is `speed` times larger.
      if (t!.slopePerSimHour !== 0) expect(t!.slopePerRealHour / t!.slopePerSimHour).toBeCloseTo(summary.speed, 0)
    }
    expect(Number.isFinite(summary.maxEventLoopDelayMs)).toBe(true)
    // The playlist rotated on the wallboard.
    expect(summary.rotations, log).toBeGreaterThanOrEqual(2)
    expect(summary.viewsShown.length).toBeGreaterThanOrEqual(3)
    expect(summary.banners, log).toEqual([])
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
