// Context novelty (the second view, in the spirit of CAD OSE and HTM's sequence memory): values
// are quantised into a few equal-width levels of the range seen so far, and a variable-order
// Markov model over the recent buffer predicts the next level from the last one or two levels.
// A sample whose level is improbable in its context is surprising even when its value is not
// far from the forecast (a known value in a new sequence). The counts are a pure function of the
// buffer and the quantisation range, so they are rebuilt on restore and never persisted.

/** Counts of level n-grams over the buffered values, and the level model's predictive p-value. */
export class ContextModel {
  /** counts[m]: occurrences of each (m + 1)-gram of levels in the buffer, m = 0..order. */
  private readonly counts: Float64Array[]
  /** Levels of the buffered values, oldest first (a ring of `capacity`). */
  private readonly ring: Uint8Array
  private head = 0
  private size = 0
  private low = 0
  private high = 0

  constructor(
    private readonly levels: number,
    private readonly order: number,
    private readonly capacity: number
  ) {
    this.counts = Array.from({ length: order + 1 }, (_, m) => new Float64Array(levels ** (m + 1)))
    this.ring = new Uint8Array(capacity)
  }

  /** Whether the counts were built for this range. */
  matches(low: number, high: number): boolean {
    return this.low === low && this.high === high
  }

  /** Recounts every n-gram of the buffered values (oldest first) under a new range. */
  rebuild(ordered: ArrayLike<number>, low: number, high: number): void {
    this.low = low
    this.high = high
    for (const c of this.counts) c.fill(0)
    this.size = 0
    this.head = 0
    for (let i = 0; i < ordered.length; i++) this.push(ordered[i])
  }

  /** Appends a value (the oldest leaves when the ring is full) and counts its n-grams. */
  push(v: number): void {
    if (this.size === this.capacity) {
      // The n-grams that start at the oldest value leave with it.
      let code = 0
      for (let m = 0; m <= this.order && m < this.size; m++) {
        code = code * this.levels + this.at(m)
        this.counts[m][code] -= 1
      }
      this.head = (this.head + 1) % this.capacity
      this.size--
    }
    this.ring[(this.head + this.size) % this.capacity] = this.level(v)
    this.size++
    let code = 0
    for (let m = 0; m <= this.order && m < this.size; m++) {
      code += this.at(this.size - 1 - m) * this.levels ** m
      this.counts[m][code] += 1
    }
  }

  /**
   * P-value of the value's level after the latest levels: the predictive probability of every
   * level at most as probable as this one, under a hierarchical Dirichlet (unit strength) that
   * backs each order off to the next shorter context, down to uniform.
   */
  pValue(v: number): number {
    const probs = this.predict()
    const pq = probs[this.level(v)]
    let p = 0
    for (const x of probs) if (x <= pq * (1 + 1e-12)) p += x
    return Math.min(1, p)
  }

  private at(i: number): number {
    return this.ring[(this.head + i) % this.capacity]
  }

  private level(v: number): number {
    if (!(this.high > this.low)) return 0
    const q = Math.floor(((v - this.low) / (this.high - this.low)) * this.levels)
    return q < 0 ? 0 : q >= this.levels ? this.levels - 1 : q
  }

  private predict(): Float64Array {
    const L = this.levels
    let probs = new Float64Array(L).fill(1 / L)
    for (let m = 0; m <= this.order && m <= this.size; m++) {
      let ctx = 0
      for (let j = this.size - m; j < this.size; j++) ctx = ctx * this.levels + this.at(j)
      const base = ctx * this.levels
      const table = this.counts[m]
      let total = 0
      for (let s = 0; s < this.levels; s++) total += table[base + s]
      const next = new Float64Array(this.levels)
      for (let s = 0; s < this.levels; s++) next[s] = (table[base + s] + probs[s]) / (total + 1)
      probs = next
    }
    return probs
  }
}
