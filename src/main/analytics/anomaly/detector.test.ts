import { describe, expect, it } from 'vitest'
import { createDetector, type AnomalyVerdict, type DetectorOptions } from './index'

const MIN = 60_000
const T0 = Date.UTC(2024, 0, 1)

/** Deterministic standard-normal noise (mulberry32 + Box-Muller). */
function noise(seed: number): () => number {
  let a = seed >>> 0
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
}

const PERIOD = 48
function seasonal(n: number, seed = 1): number[] {
  const e = noise(seed)
  return Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / PERIOD) + 0.5 * e())
}

function run(values: number[]): AnomalyVerdict[] {
  return runWith({}, values)
}

function runWith(options: DetectorOptions, values: number[]): AnomalyVerdict[] {
  const d = createDetector(options)
  return values.map((v, i) => d.update(T0 + i * MIN, v))
}

describe('streaming anomaly detector', () => {
  it('scores a spike in a seasonal series high, but not the same value at the seasonal peak', () => {
    const base = seasonal(2000)
    const trough = PERIOD * 32 + (PERIOD * 3) / 4 // sin = −1 there: expected ≈ 90
    const peak = PERIOD * 33 + PERIOD / 4 // sin = +1: expected ≈ 110
    const atTrough = [...base]
    atTrough[trough] = 110
    const atPeak = [...base]
    atPeak[peak] = 110
    const spike = run(atTrough)[trough]
    const normal = run(atPeak)[peak]
    expect(spike.score).toBeGreaterThan(0.9)
    expect(spike.expected!.high).toBeLessThan(100)
    expect(spike.deviation).toBeGreaterThan(5)
    expect(spike.since).toBe(T0 + trough * MIN)
    expect(spike.explanation).toMatch(/above the range/)
    expect(normal.score).toBeLessThan(0.3)
    expect(normal.expected!.low).toBeLessThan(110)
    expect(normal.expected!.high).toBeGreaterThan(110)
  })

  it('alarms on a level shift, then adapts to the new level', () => {
    const e = noise(2)
    const values = Array.from({ length: 2000 }, (_, i) => (i < 1000 ? 10 : 30) + e())
    const v = run(values)
    expect(Math.max(...v.slice(1000, 1005).map((x) => x.score))).toBeGreaterThan(0.9)
    const later = v.slice(1200)
    expect(Math.max(...later.map((x) => x.likelihood ?? 0))).toBeLessThan(0.5)
    expect(later.every((x) => x.since === null)).toBe(true)
    expect(later[later.length - 1].expected!.low).toBeGreaterThan(25)
  })

  it('stays low on pure noise after warm-up', () => {
    const e = noise(3)
    const v = run(Array.from({ length: 5000 }, () => 50 + 3 * e()))
    const scored = v.slice(300)
    const alarms = scored.filter((x) => x.score >= 0.5).length
    expect(alarms / scored.length).toBeLessThan(0.002)
    expect(scored.filter((x) => (x.likelihood ?? 0) >= 0.5).length / scored.length).toBeLessThan(0.005)
  })

  it('reports an anomalous run once, even when its likelihood dips and returns to certain', () => {
    const e = noise(9)
    // A burst of spikes (1000–1060) with a stronger spike inside it (1030) of a size already seen
    // once (500), so range novelty does not fire: one run, one report.
    const values = Array.from({ length: 1500 }, (_, i) => 10 + 0.3 * e() + (i === 500 ? 30 : i === 1030 ? 20 : i >= 1000 && i < 1060 && i % 3 === 0 ? 9 : 0))
    const v = run(values)
    const run1 = v.slice(1000, 1060)
    const start = run1.find((x) => x.score > 0)
    expect(start?.score).toBe(1)
    const inRun = run1.filter((x) => x.since === start!.since)
    expect(inRun.length).toBeGreaterThan(25)
    expect(v[1030].since).not.toBeNull()
    expect(v[1030].since!).toBeGreaterThanOrEqual(start!.since!)
    expect(v[1030].likelihood).toBe(1)
    // The likelihood dips just below alarmScore before 1030 (`since` restarts), but the episode
    // (the run plus episodeGap calm samples) is still open: the burst is reported once.
    expect(run1.filter((x) => x.score > 0)).toHaveLength(1)
  })

  it('reports spikes a few samples apart once: the episode outlasts the run by episodeGap', () => {
    const e = noise(9)
    // Two spikes 8 samples apart; the likelihood falls below alarmScore between them. A peak that
    // halves every sample would re-report the second spike were it not for the open episode.
    const values = Array.from({ length: 1100 }, (_, i) => 10 + 0.3 * e() + (i === 500 ? 30 : i === 1000 ? 20 : i === 1008 ? 28 : 0))
    const within = runWith({ repeatHalfLife: 1 }, values).slice(1000, 1020)
    expect(within[0].score).toBe(1)
    expect(within[8].likelihood).toBeGreaterThan(0.5)
    expect(within.filter((x) => x.score > 0)).toHaveLength(1)
    const noEpisode = runWith({ repeatHalfLife: 1, episodeGap: 0 }, values).slice(1000, 1020)
    expect(noEpisode.filter((x) => x.score > 0)).toHaveLength(2)
  })

  it('scores a value beyond everything seen as certain (range novelty)', () => {
    const e = noise(8)
    const values = Array.from({ length: 1000 }, () => 5 + e())
    const top = Math.max(...values)
    const bottom = Math.min(...values)
    values.push(top + 0.2 * (top - bottom))
    const v = run(values)
    expect(v[1000].likelihood).toBe(1)
    expect(v[1000].score).toBe(1)
  })

  it('scores 0 during warm-up', () => {
    const v = run(seasonal(100))
    expect(v.every((x) => x.score === 0)).toBe(true)
    expect(v[0].expected).toBeNull()
    expect(v[0].explanation).toMatch(/learning/)
  })

  it('never looks ahead: a prefix scores the same with or without later samples', () => {
    const values = seasonal(1500, 4)
    values[900] = 150
    const full = run(values)
    const prefix = run(values.slice(0, 1000))
    expect(prefix).toEqual(full.slice(0, 1000))
  })

  it('resumes from a JSON snapshot exactly as if it had never stopped', () => {
    const values = seasonal(3000, 5)
    for (const i of [700, 1400, 2500]) values[i] += 40
    const whole = run(values)
    for (const cut of [1, 150, 640, 1401, 2999]) {
      const first = createDetector()
      values.slice(0, cut).forEach((v, i) => first.update(T0 + i * MIN, v))
      const saved = JSON.parse(JSON.stringify(first.snapshot()))
      const resumed = createDetector(undefined, saved)
      const rest = values.slice(cut).map((v, i) => resumed.update(T0 + (cut + i) * MIN, v))
      expect(rest).toEqual(whole.slice(cut))
    }
  })

  it('keeps a bounded, JSON-safe state after 100k samples', () => {
    const d = createDetector()
    const e = noise(6)
    // Daily season at 5-minute samples: 288 samples a day.
    for (let i = 0; i < 100_000; i++) d.update(T0 + i * 5 * MIN, 100 + 10 * Math.sin((2 * Math.PI * i) / 288) + e())
    const state = d.snapshot()
    const json = JSON.stringify(state)
    const numbers = json.match(/-?\d[\d.e+-]*/g)?.length ?? 0
    expect(numbers).toBeLessThan(2000)
    expect(json.length).toBeLessThan(40_000)
    expect(state.version).toBe(2)
    expect((state as unknown as { period: number }).period).toBe(288)
  })

  it('accepts equal timestamps and refuses older ones, NaN and Infinity with clear errors', () => {
    const d = createDetector()
    d.update(T0, 1)
    d.update(T0, 2)
    expect(() => d.update(T0 - 1, 3)).toThrow(/older than the previous sample's 2024-01-01T00:00:00.000Z/)
    expect(() => d.update(T0 + 1, Number.NaN)).toThrow(/value NaN .* is not a finite number/)
    expect(() => d.update(T0 + 1, Infinity)).toThrow(/value Infinity/)
    expect(() => d.update(Number.NaN, 1)).toThrow(/timestamp NaN/)
    // A refused sample changes nothing.
    expect(d.update(T0 + 1, 3).score).toBe(0)
  })

  it('refuses a state of another version or shape, and bad options', () => {
    const good = createDetector().snapshot()
    expect(() => createDetector(undefined, { ...good, version: 99 })).toThrow(/version 99 is not supported/)
    expect(() => createDetector(undefined, { ...good, levels: [1, 'x', 3] })).toThrow(/levels must be an array/)
    expect(() => createDetector(undefined, { ...good, n: null })).toThrow(/n is null/)
    expect(() => createDetector({ shortWindow: 0 })).toThrow(/shortWindow/)
    expect(() => createDetector({ maxPeriod: 500 })).toThrow(/maxPeriod/)
    expect(() => createDetector({ episodeGap: -1 })).toThrow(/episodeGap/)
    expect(() => createDetector(undefined, { ...good, calm: 'x' })).toThrow(/calm is "x"/)
  })

  it('resumes a state saved before episodes existed (no calm count) with no episode open', () => {
    const values = seasonal(1200, 4)
    const d = createDetector()
    values.slice(0, 1000).forEach((v, i) => d.update(T0 + i * MIN, v))
    const { calm, ...old } = d.snapshot() as Record<string, unknown>
    expect(calm).toBe(11)
    const resumed = createDetector(undefined, { ...old, version: 2 })
    const rest = values.slice(1000).map((v, i) => resumed.update(T0 + (1000 + i) * MIN, v))
    expect(rest).toEqual(run(values).slice(1000))
  })
})
