// Label matchers with Alertmanager's meaning: a missing label reads as "", regexes match the
// whole value (anchored), and a matcher list matches when every matcher does.
import type { Labels } from '@shared/types'
import type { Matcher } from './types'

const OPS = new Set(['=', '!=', '=~', '!~'])
const regexCache = new Map<string, RegExp>()

/** Compiles a matcher's regex anchored to the whole value; throws a clear Error naming `where` when invalid. */
export function anchoredRegex(pattern: string, where: string): RegExp {
  const cached = regexCache.get(pattern)
  if (cached) return cached
  let re: RegExp
  try {
    re = new RegExp(`^(?:${pattern})$`)
  } catch (err) {
    throw new Error(`${where}: "${pattern}" is not a valid regular expression (${(err as Error).message})`)
  }
  if (regexCache.size > 1000) regexCache.clear()
  regexCache.set(pattern, re)
  return re
}

/** Checks a matcher's shape and regex; throws an Error that names `where`. */
export function validateMatcher(m: Matcher, where: string): void {
  if (m === null || typeof m !== 'object') throw new Error(`${where}: expected a matcher { name, op, value }`)
  if (typeof m.name !== 'string' || m.name === '') throw new Error(`${where}: matcher name must be a non-empty string`)
  if (typeof m.value !== 'string') throw new Error(`${where}: matcher "${m.name}" value must be a string`)
  if (!OPS.has(m.op)) throw new Error(`${where}: matcher "${m.name}" has operator "${String(m.op)}", expected one of = != =~ !~`)
  if (m.op === '=~' || m.op === '!~') anchoredRegex(m.value, `${where}: matcher "${m.name}"`)
}

/** True when the labels satisfy one matcher. */
export function matchesOne(m: Matcher, labels: Labels): boolean {
  const value = labels[m.name] ?? ''
  switch (m.op) {
    case '=':
      return value === m.value
    case '!=':
      return value !== m.value
    case '=~':
      return anchoredRegex(m.value, `matcher "${m.name}"`).test(value)
    case '!~':
      return !anchoredRegex(m.value, `matcher "${m.name}"`).test(value)
  }
}

/** True when the labels satisfy every matcher (an empty list matches everything). */
export function matchesAll(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesOne(m, labels))
}

/** Builds matchers from config-style maps: `match` (equality) and `match_re` (anchored regex). */
export function matchersFromMaps(match: Labels = {}, matchRe: Labels = {}): Matcher[] {
  return [
    ...Object.keys(match).sort().map((name): Matcher => ({ name, op: '=', value: match[name] })),
    ...Object.keys(matchRe).sort().map((name): Matcher => ({ name, op: '=~', value: matchRe[name] }))
  ]
}
