// The series catalog in memory: name + labels → series id, resolved without building a key
// string per sample (a trie of label name → value, walked in the sample's own key order).
import type { Labels, SeriesInfo } from '@shared/types'
import { canonicalLabels, labelsInclude, parseLabels } from './labels'

export interface SeriesEntry {
  id: number
  name: string
  labels: Labels
  /** Canonical label text, as stored in the series table. */
  labelsJson: string
  unit: string | null
  source: string
  created: number
  /** True until the append that created it commits; hidden from match() and list(). */
  pending: boolean
}

interface TrieNode {
  /** Series id when a label set ends here, else 0. */
  id: number
  /** label name → label value → next node. */
  kids: Map<string, Map<string, TrieNode>> | null
}

export class SeriesCatalog {
  private readonly roots = new Map<string, TrieNode>()
  private readonly byCanonical = new Map<string, SeriesEntry>()
  private readonly byName = new Map<string, SeriesEntry[]>()
  private readonly byId: (SeriesEntry | undefined)[] = []
  private readonly uncommitted = new Set<SeriesEntry>()
  private nextId = 1

  /** Number of known series. */
  get size(): number {
    return this.byCanonical.size
  }

  /** Adds a series read from the database. */
  load(entry: SeriesEntry): void {
    this.add(entry)
    if (entry.id >= this.nextId) this.nextId = entry.id + 1
  }

  /** Hot path: the known series with exactly these labels, or undefined (unknown, or labels need the slow path). */
  find(name: string, labels: Labels | undefined): SeriesEntry | undefined {
    let node = this.roots.get(name)
    if (node === undefined) return undefined
    for (const key in labels) {
      const value = labels[key]
      if (typeof value !== 'string' || node.kids === null) return undefined
      const byValue = node.kids.get(key)
      if (byValue === undefined) return undefined
      const next = byValue.get(value)
      if (next === undefined) return undefined
      node = next
    }
    return node.id === 0 ? undefined : this.byId[node.id]
  }

  /**
   * Slow path for labels already validated: finds the series by canonical labels (remembering this
   * key order for the hot path) or creates it with a fresh id. `created` tells the caller to persist it.
   */
  resolve(
    name: string,
    labels: Labels | undefined,
    unit: string | null,
    source: string,
    now: number
  ): { entry: SeriesEntry; created: boolean } {
    const labelsJson = canonicalLabels(labels)
    let entry = this.byCanonical.get(canonicalKey(name, labelsJson))
    let created = false
    if (entry === undefined) {
      // Ids are never reused, even after a discarded append, so a stale trie leaf can never
      // point at a different series.
      entry = { id: this.nextId++, name, labels: parseLabels(labelsJson), labelsJson, unit, source, created: now, pending: true }
      this.add(entry)
      this.uncommitted.add(entry)
      created = true
    }
    this.insertPath(name, labels, entry.id)
    return { entry, created }
  }

  /** Marks series as stored (their append committed). */
  commit(entries: readonly SeriesEntry[]): void {
    for (const entry of entries) {
      entry.pending = false
      this.uncommitted.delete(entry)
    }
  }

  /**
   * Forgets every series not yet committed (after a rolled-back append). Appends prepared
   * meanwhile may refer to them, so the store prepares those again.
   */
  discardUncommitted(): void {
    this.discard([...this.uncommitted])
  }

  /** Forgets the given series. */
  discard(entries: readonly SeriesEntry[]): void {
    for (const entry of entries) {
      this.uncommitted.delete(entry)
      this.byCanonical.delete(canonicalKey(entry.name, entry.labelsJson))
      this.byId[entry.id] = undefined
      const list = this.byName.get(entry.name)
      if (list) {
        const kept = list.filter((e) => e !== entry)
        if (kept.length > 0) this.byName.set(entry.name, kept)
        else this.byName.delete(entry.name)
      }
    }
  }

  /** The series with this id, if known. */
  get(id: number): SeriesEntry | undefined {
    return this.byId[id]
  }

  /** Series named `name` whose labels include `filter`. */
  match(name: string, filter?: Labels): SeriesEntry[] {
    const list = this.byName.get(name) ?? []
    return list.filter((e) => !e.pending && labelsInclude(e.labels, filter))
  }

  /** Every series whose name passes `test`, sorted by name then labels. */
  list(test?: (name: string) => boolean): SeriesEntry[] {
    const out: SeriesEntry[] = []
    for (const [name, entries] of this.byName) {
      if (test && !test(name)) continue
      for (const e of entries) if (!e.pending) out.push(e)
    }
    return out.sort(compareEntries)
  }

  /** Highest id handed out so far (for sizing per-series arrays). */
  get maxId(): number {
    return this.nextId - 1
  }

  private add(entry: SeriesEntry): void {
    this.byCanonical.set(canonicalKey(entry.name, entry.labelsJson), entry)
    this.byId[entry.id] = entry
    const list = this.byName.get(entry.name)
    if (list) list.push(entry)
    else this.byName.set(entry.name, [entry])
    this.insertPath(entry.name, entry.labels, entry.id)
  }

  private insertPath(name: string, labels: Labels | undefined, id: number): void {
    let node = this.roots.get(name)
    if (node === undefined) {
      node = { id: 0, kids: null }
      this.roots.set(name, node)
    }
    for (const key in labels) {
      const value = labels[key]
      node.kids ??= new Map()
      let byValue = node.kids.get(key)
      if (byValue === undefined) {
        byValue = new Map()
        node.kids.set(key, byValue)
      }
      let next = byValue.get(value)
      if (next === undefined) {
        next = { id: 0, kids: null }
        byValue.set(value, next)
      }
      node = next
    }
    node.id = id
  }
}

/** Converts a catalog entry to the API's SeriesInfo. */
export function toSeriesInfo(entry: SeriesEntry): SeriesInfo {
  return { name: entry.name, labels: { ...entry.labels }, unit: entry.unit, source: entry.source }
}

// JSON text never contains a raw NUL, so this key is unambiguous.
const canonicalKey = (name: string, labelsJson: string): string => `${name}\u0000${labelsJson}`

function compareEntries(a: SeriesEntry, b: SeriesEntry): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  if (a.labelsJson !== b.labelsJson) return a.labelsJson < b.labelsJson ? -1 : 1
  return 0
}
