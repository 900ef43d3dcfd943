#!/usr/bin/env node
// Compares two V8 heap snapshots (e.g. the soak's page-warm and page-end, from --heap-snapshots)
// by constructor: the objects a page gained between them, largest growth first. A leak shows as a
// constructor whose count keeps rising between snapshots taken after a full collection.
// usage: node scripts/soak/heap-diff.mjs A.heapsnapshot B.heapsnapshot [--top N]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

/**
 * Counts and self sizes per "type:name" (constructor for objects, "(closure) name" for functions,
 * "(string)" for strings, …) of a parsed .heapsnapshot.
 * @param {any} snap
 * @returns {Map<string, { count: number, size: number }>}
 */
export function heapByConstructor(snap) {
  const fields = snap.snapshot.meta.node_fields
  const types = snap.snapshot.meta.node_types[0]
  const width = fields.length
  const iType = fields.indexOf('type')
  const iName = fields.indexOf('name')
  const iSize = fields.indexOf('self_size')
  const nodes = snap.nodes
  const strings = snap.strings
  const out = new Map()
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + iType]]
    // Strings, numbers and code are grouped by type alone: their "names" are their contents.
    const key = type === 'object' || type === 'closure' || type === 'native' ? `${type}:${strings[nodes[i + iName]]}` : `(${type})`
    const entry = out.get(key) ?? { count: 0, size: 0 }
    entry.count++
    entry.size += nodes[i + iSize]
    out.set(key, entry)
  }
  return out
}

/**
 * The difference B − A per constructor, sorted by size growth (largest first).
 * @param {Map<string, { count: number, size: number }>} a
 * @param {Map<string, { count: number, size: number }>} b
 */
export function diffHeaps(a, b) {
  const keys = new Set([...a.keys(), ...b.keys()])
  const rows = []
  for (const key of keys) {
    const x = a.get(key) ?? { count: 0, size: 0 }
    const y = b.get(key) ?? { count: 0, size: 0 }
    rows.push({ key, countA: x.count, countB: y.count, dCount: y.count - x.count, sizeA: x.size, sizeB: y.size, dSize: y.size - x.size })
  }
  return rows.sort((p, q) => q.dSize - p.dSize)
}

function main() {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '40' } }, allowPositionals: true })
  if (positionals.length !== 2) throw new Error('usage: node scripts/soak/heap-diff.mjs A.heapsnapshot B.heapsnapshot [--top N]')
  const [a, b] = positionals.map((file) => heapByConstructor(JSON.parse(readFileSync(file, 'utf8'))))
  const total = (m) => [...m.values()].reduce((s, e) => s + e.size, 0)
  console.log(`heap A ${(total(a) / 1e6).toFixed(2)} MB, B ${(total(b) / 1e6).toFixed(2)} MB, growth ${((total(b) - total(a)) / 1e6).toFixed(3)} MB`)
  console.log(`${'constructor'.padEnd(60)} ${'count A'.padStart(9)} ${'count B'.padStart(9)} ${'Δcount'.padStart(8)} ${'Δbytes'.padStart(10)}`)
  const rows = diffHeaps(a, b)
  const top = Number(values.top)
  for (const r of [...rows.slice(0, top), ...rows.slice(-5)]) {
    console.log(`${r.key.slice(0, 60).padEnd(60)} ${String(r.countA).padStart(9)} ${String(r.countB).padStart(9)} ${String(r.dCount).padStart(8)} ${String(r.dSize).padStart(10)}`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
