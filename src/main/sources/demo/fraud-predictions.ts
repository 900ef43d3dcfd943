// The demo's fraud model as prediction records: card transactions scored by `fraud-detector`,
// a pure function of (seed, minute, programme start) like every other demo series.
//
// The story: the transaction world shifts in the 10 days before the first start (programme days
// 110–120, accelerating): legitimate amounts inflate (median ×2.2), a new merchant category
// ("crypto") appears, more transactions come from BR, and fraudsters move to a new pattern
// (moderate amounts, older accounts, crypto merchants). The model deployed on day 30 was trained
// on the old world, so its scores misfire (inflated legitimate amounts look suspicious, the new
// fraud looks normal): accuracy and F1 decay while the features drift. The retraining on day 150
// (fraudModelAge in env.ts) learns the new world and quality recovers. Labels (was it fraud?)
// arrive 2–6 hours after each transaction.
import type { PredictionInput, PredictionLabel } from '../../store/predictions'
import { activity, DAY, HOUR, hourOfDay, MINUTE } from './calendar'
import { clamp } from './curves'
import { noiseKey, normal, uniform } from './noise'

export const FRAUD_MODEL = 'fraud-detector'
/** The model's first day in production (programme days), as in env.ts. */
const DEPLOYED_DAY = 30
/** The retraining that learns the shifted world (programme days), as in env.ts. */
const RETRAINED_DAY = 150
/** Labels arrive this long after a transaction, plus up to LABEL_DELAY_SPREAD more. */
const LABEL_DELAY_MIN = 2 * HOUR
const LABEL_DELAY_SPREAD = 4 * HOUR
/** The longest a label can take: records older than this have theirs. */
export const MAX_LABEL_DELAY = LABEL_DELAY_MIN + LABEL_DELAY_SPREAD

const K = Object.fromEntries(
  ['slot', 'fraud', 'pattern', 'country', 'category', 'amount', 'age', 'latency', 'delay'].map((name, i) => [name, noiseKey('fraud-predictions', i)])
) as Record<'slot' | 'fraud' | 'pattern' | 'country' | 'category' | 'amount' | 'age' | 'latency' | 'delay', number>

/** How far the transaction world has moved from the original one at programme day p: 0 until day 110, 1 from day 120. */
export function worldShift(p: number): number {
  return clamp((p - 110) / 10, 0, 1) ** 2
}

/** Picks from weighted options with u in [0, 1). */
function pick<T>(u: number, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((s, [, w]) => s + w, 0)
  let x = u * total
  for (const [value, w] of options) {
    if (x < w) return value
    x -= w
  }
  return options[options.length - 1][0]
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

/** One transaction at minute slot t (a multiple of a minute), with its true label and when that label arrives; null when the slot has none. */
export function fraudTransaction(seed: number, programmeStart: number, t: number): { record: PredictionInput; labelAt: number } | null {
  const p = (t - programmeStart) / DAY
  if (p < DEPLOYED_DAY) return null
  const n = Math.floor(t / MINUTE)
  // About one transaction every 2 minutes on average, more in office hours.
  if (uniform(seed, K.slot, n) >= 0.25 + 0.5 * activity(t)) return null
  const s = worldShift(p)
  const hour = Math.floor(hourOfDay(t))
  const night = hour < 6 ? 1 : 0
  const fraud = uniform(seed, K.fraud, n) < (0.035 + 0.02 * s) * (night ? 2.5 : 1)
  const newPattern = fraud && uniform(seed, K.pattern, n) < 0.8 * s
  const country = newPattern
    ? pick(uniform(seed, K.country, n), [['BR', 60], ['DE', 20], ['FR', 20]] as const)
    : fraud
    ? pick(uniform(seed, K.country, n), [['US', 35], ['NG', 25], ['DE', 15], ['BR', 15], ['FR', 10]] as const)
    : pick(uniform(seed, K.country, n), [['DE', 40], ['FR', 25], ['NL', 15], ['ES', 12], ['US', 8], ['BR', 30 * s]] as const)
  const category = newPattern
    ? pick(uniform(seed, K.category, n), [['crypto', 70], ['online', 30]] as const)
    : fraud
      ? pick(uniform(seed, K.category, n), [['online', 45], ['travel', 30], ['retail', 25]] as const)
      : pick(uniform(seed, K.category, n), [['grocery', 35], ['fuel', 15], ['retail', 25], ['travel', 10], ['online', 15], ['crypto', 18 * s]] as const)
  const z = normal(seed, K.amount, n)
  const median = fraud && !newPattern ? 320 : newPattern ? 90 : 40 * (1 + 1.2 * s)
  const amount = Math.round(median * Math.exp((fraud ? 0.7 : 0.9) * z) * 100) / 100
  const ageMean = fraud && !newPattern ? 25 : newPattern ? 500 : 900
  const accountAge = Math.round(-ageMean * Math.log(1 - 0.999 * uniform(seed, K.age, n)))

  // The model: a logistic score trained on the world as it was at its last training.
  const retrained = p >= RETRAINED_DAY
  const trainedMedian = retrained ? 40 * 2.2 : 40
  const risky = retrained ? ['US', 'NG'] : ['US', 'NG', 'BR']
  const logit =
    -4.2 +
    1.5 * Math.log(amount / trainedMedian) +
    2.0 * (accountAge < 60 ? 1 : 0) +
    1.0 * night +
    0.9 * (risky.includes(country) ? 1 : 0) +
    // The retrained model has learnt the new pattern: crypto merchants, more so at night or from BR.
    (retrained && category === 'crypto' ? 2.2 + 1.8 * night + 1.5 * (country === 'BR' ? 1 : 0) : 0)
  const score = Math.round(sigmoid(logit) * 10_000) / 10_000
  const latencyMs = Math.round(11 * (0.9 + 0.2 * activity(t)) * Math.exp(0.25 * normal(seed, K.latency, n)) * 10) / 10
  const record: PredictionInput = {
    ts: t,
    model: FRAUD_MODEL,
    id: `fd-${n}`,
    prediction: score >= 0.5 ? 1 : 0,
    score,
    label: fraud ? 1 : 0,
    latencyMs,
    features: { amount, merchant_category: category, hour, country, account_age_days: accountAge }
  }
  return { record, labelAt: t + LABEL_DELAY_MIN + Math.floor(uniform(seed, K.delay, n) * LABEL_DELAY_SPREAD) }
}

/** Transactions in minute slots [from, to) as known at `now` (labels that have not arrived yet are null). */
export function fraudPredictions(seed: number, programmeStart: number, from: number, to: number, now: number): PredictionInput[] {
  const out: PredictionInput[] = []
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    const tx = fraudTransaction(seed, programmeStart, t)
    if (!tx) continue
    out.push(tx.labelAt <= now ? tx.record : { ...tx.record, label: null })
  }
  return out
}

/** Labels that arrive in (after, upTo] for transactions before `writtenTo`. */
export function fraudLabelsArriving(seed: number, programmeStart: number, after: number, upTo: number, writtenTo: number): PredictionLabel[] {
  const out: PredictionLabel[] = []
  const end = Math.min(upTo, writtenTo)
  for (let t = Math.ceil((after - MAX_LABEL_DELAY) / MINUTE) * MINUTE; t < end; t += MINUTE) {
    const tx = fraudTransaction(seed, programmeStart, t)
    if (tx && tx.labelAt > after && tx.labelAt <= upTo) out.push({ id: tx.record.id as string, label: tx.record.label as number })
  }
  return out
}
