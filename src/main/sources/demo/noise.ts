// Stateless, seeded noise: every value is a hash of (seed, key, bucket), so the same inputs
// always give the same output, in any order, on any run. No RNG state to keep in sync.

const TWO_POW_32 = 4294967296

/** Finalising mix of a 32-bit integer (good avalanche: nearby inputs give unrelated outputs). */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return h >>> 0
}

/** 32-bit FNV-1a hash of a string; used once per series to derive its noise key. */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Noise key for a series name and an index (service, feature, gpu…). */
export function noiseKey(name: string, index = 0): number {
  return mix(hashString(name) ^ Math.imul(index + 1, 0x9e3779b1))
}

/** Hash of (seed, key, n) as a 32-bit unsigned integer; n may be any integer up to 2^53. */
export function hash3(seed: number, key: number, n: number): number {
  const lo = n >>> 0
  const hi = Math.floor(n / TWO_POW_32) >>> 0
  return mix(mix(mix(seed ^ 0x5bd1e995) ^ key) ^ lo ^ mix(hi + 0x27d4eb2f))
}

/** Uniform in [0, 1). */
export function uniform(seed: number, key: number, n: number): number {
  return hash3(seed, key, n) / TWO_POW_32
}

/** Uniform in [-1, 1). */
export function signed(seed: number, key: number, n: number): number {
  return uniform(seed, key, n) * 2 - 1
}

/** Standard normal (Box–Muller on two hashes), clamped to ±4. */
export function normal(seed: number, key: number, n: number): number {
  const u1 = (hash3(seed, key, n) + 1) / (TWO_POW_32 + 1)
  const u2 = uniform(seed, key ^ 0x68e31da4, n)
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  return Math.max(-4, Math.min(4, z))
}

/**
 * Smooth noise in [-1, 1]: random values at every `periodMs` boundary, eased between them
 * (value noise), so a series wanders instead of jumping from sample to sample.
 */
export function smooth(seed: number, key: number, t: number, periodMs: number): number {
  const x = t / periodMs
  const i = Math.floor(x)
  const f = x - i
  const a = signed(seed, key, i)
  const b = signed(seed, key, i + 1)
  return a + (b - a) * f * f * (3 - 2 * f)
}

/** Wander over several time scales (6 h, 1 h, 10 min, per minute), in roughly [-1, 1]. */
export function wander(seed: number, key: number, t: number): number {
  return (
    0.5 * smooth(seed, key, t, 6 * 3_600_000) +
    0.3 * smooth(seed, key ^ 0x1b873593, t, 3_600_000) +
    0.15 * smooth(seed, key ^ 0xcc9e2d51, t, 600_000) +
    0.05 * signed(seed, key ^ 0xe6546b64, Math.floor(t / 60_000))
  )
}
