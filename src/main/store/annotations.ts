// Annotations (deployments, incidents, alert firings, notes) in DuckDB: upsert by (source, key),
// the overlap query and their retention. Series and labels are stored as JSON text.
import { createHash, randomUUID } from 'node:crypto'
import { BIGINT, INTEGER, LIST, listValue, VARCHAR } from '@duckdb/node-api'
import type { Annotation, AnnotationKind } from '@shared/annotations'
import type { Labels } from '@shared/types'
import {
  ANNOTATION_KINDS,
  checkAnnotation,
  DEFAULT_ANNOTATION_LIMIT,
  isAnnotationKind,
  MAX_ANNOTATION_LIMIT,
  MAX_EPOCH_MS
} from './annotation-check'
import { canonicalLabels } from './labels'
import type { AnnotationInput, AnnotationQuery } from './metric-store'
import type { Sql } from './sql'
import { toNumber } from './sql'

/** The stable id of an annotation: derived from (source, key) when keyed, so a re-sent key hits the same row. */
export function annotationId(source: string, key: string | undefined): string {
  if (key === undefined) return randomUUID()
  return createHash('sha256').update(source).update('\u0000').update(key).digest('hex').slice(0, 24)
}

/** Inserts an annotation, or replaces the one with the same source and key; returns it as stored. */
export async function upsertAnnotation(sql: Sql, input: AnnotationInput, now: number): Promise<Annotation> {
  const a = checkAnnotation(input)
  const id = annotationId(a.source, a.key)
  // `created` keeps the first write's time; everything else follows the latest write.
  await sql.exec(
    `INSERT INTO annotations VALUES ($id, $source, $key, $kind, $ts, $end_ts, $title, $text, $series, $labels, $created)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, ts = excluded.ts, end_ts = excluded.end_ts, title = excluded.title,
       text = excluded.text, series = excluded.series, labels = excluded.labels`,
    {
      id,
      source: a.source,
      key: a.key ?? null,
      kind: a.kind,
      ts: BigInt(a.ts),
      end_ts: a.endTs === null ? null : BigInt(a.endTs),
      title: a.title,
      text: a.text,
      series: JSON.stringify(a.series),
      labels: canonicalLabels(a.labels),
      created: BigInt(Math.trunc(now))
    },
    {
      id: VARCHAR,
      source: VARCHAR,
      key: VARCHAR,
      kind: VARCHAR,
      ts: BIGINT,
      end_ts: BIGINT,
      title: VARCHAR,
      text: VARCHAR,
      series: VARCHAR,
      labels: VARCHAR,
      created: BIGINT
    }
  )
  return { id, kind: a.kind, ts: a.ts, endTs: a.endTs, title: a.title, text: a.text, series: a.series, labels: a.labels, source: a.source }
}

/** Annotations overlapping [from, to) (a period overlaps when it starts before `to` and ends at or after `from`), newest first. */
export async function queryAnnotations(sql: Sql, q: AnnotationQuery): Promise<Annotation[]> {
  const { from, to, kinds, limit } = checkQuery(q)
  const rows = await sql.rows(
    `SELECT id, source, kind, ts, end_ts, title, text, series, labels FROM annotations
     WHERE ts < $to AND coalesce(end_ts, ts) >= $from AND list_contains($kinds, kind)
     ORDER BY ts DESC, id
     LIMIT $limit`,
    { from: BigInt(from), to: BigInt(to), kinds: listValue(kinds), limit },
    { from: BIGINT, to: BIGINT, kinds: LIST(VARCHAR), limit: INTEGER }
  )
  return rows.map(([id, source, kind, ts, endTs, title, text, series, labels]) => ({
    id: String(id),
    kind: String(kind) as AnnotationKind,
    ts: toNumber(ts),
    endTs: endTs === null ? null : toNumber(endTs),
    title: String(title),
    text: text === null ? null : String(text),
    series: JSON.parse(String(series)) as string[],
    labels: JSON.parse(String(labels)) as Labels,
    source: String(source)
  }))
}

/** Deletes annotations that ended before `cutoff`; returns how many. */
export function deleteAnnotationsBefore(sql: Sql, cutoff: number): Promise<number> {
  return sql.exec(`DELETE FROM annotations WHERE coalesce(end_ts, ts) < $cutoff`, { cutoff: BigInt(Math.floor(cutoff)) }, { cutoff: BIGINT })
}

function checkQuery(q: AnnotationQuery): { from: number; to: number; kinds: AnnotationKind[]; limit: number } {
  if (typeof q !== 'object' || q === null) throw new Error('listAnnotations needs a query object')
  for (const key of ['from', 'to'] as const) {
    if (typeof q[key] !== 'number' || Number.isNaN(q[key])) throw new Error(`listAnnotations: ${key} must be epoch milliseconds, got ${String(q[key])}`)
  }
  if (q.to <= q.from) throw new Error(`listAnnotations: "to" (${q.to}) must be after "from" (${q.from})`)
  const kinds = q.kinds ?? ANNOTATION_KINDS
  if (!Array.isArray(kinds)) throw new Error('listAnnotations: kinds must be a list')
  for (const k of kinds) {
    if (!isAnnotationKind(k)) throw new Error(`listAnnotations: kind ${JSON.stringify(k)} is not one of ${ANNOTATION_KINDS.join(', ')}`)
  }
  const limit = q.limit ?? DEFAULT_ANNOTATION_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ANNOTATION_LIMIT) {
    throw new Error(`listAnnotations: limit must be a whole number from 1 to ${MAX_ANNOTATION_LIMIT}, got ${String(limit)}`)
  }
  // Whole ms: ts < to ⇔ ts < ceil(to), and end >= from ⇔ end >= ceil(from), for integer times.
  return { from: clampMs(Math.ceil(q.from)), to: clampMs(Math.ceil(q.to)), kinds, limit }
}

/** Infinite bounds become the widest real times (they still bind as BIGINT). */
function clampMs(ms: number): number {
  return Math.max(-MAX_EPOCH_MS, Math.min(MAX_EPOCH_MS, ms))
}
