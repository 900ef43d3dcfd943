// Reading and checking manifest.json: the format and version first (so a newer archive gets
// "unsupported format version", not a list of schema complaints), then the fields.
import { z } from 'zod'
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, MANIFEST_MEMBER, type ArchiveManifest } from './format'

/** Largest manifest.json read (it lists a dozen members; anything bigger is not ours). */
export const MAX_MANIFEST_BYTES = 1024 * 1024

const epochMs = z.number().int()
const memberPath = z.string().min(1).max(100).regex(/^[\x20-\x7e]+$/)

const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.literal(ARCHIVE_FORMAT_VERSION),
  appVersion: z.string(),
  createdAt: epochMs,
  range: z.object({ from: epochMs, to: epochMs }),
  seriesFilter: z.string().nullable(),
  sources: z.array(z.object({ id: z.string(), kind: z.string() })),
  members: z.array(
    z.object({
      path: memberPath,
      bytes: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits'),
      rows: z.number().int().min(0).optional()
    })
  ),
  signature: z
    .object({ algorithm: z.literal('ed25519'), publicKey: z.string().min(1), signature: z.string().min(1) })
    .nullable(),
  tiers: z.object({ '1m': epochMs.nullable(), '1h': epochMs.nullable() }).optional(),
  kpiStepSeconds: z.number().positive().optional(),
  sampleValues: z.object({ decimalScale: z.number().int().min(0).max(18), doubleRows: z.number().int().min(0) }).optional()
})

export type ParsedManifest = { ok: true; manifest: ArchiveManifest; raw: Record<string, unknown> } | { ok: false; problem: string }

/** Parses manifest.json text; a problem names what is wrong (never throws). */
export function parseManifest(text: string): ParsedManifest {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return { ok: false, problem: `${MANIFEST_MEMBER} is not valid JSON: ${(err as Error).message}` }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problem: `${MANIFEST_MEMBER} is not a JSON object` }
  const obj = raw as Record<string, unknown>
  if (obj.format !== ARCHIVE_FORMAT) return { ok: false, problem: `not a Vigil archive: ${MANIFEST_MEMBER} names format ${JSON.stringify(obj.format)}, expected "${ARCHIVE_FORMAT}"` }
  if (obj.formatVersion !== ARCHIVE_FORMAT_VERSION) {
    return { ok: false, problem: `unsupported format version ${JSON.stringify(obj.formatVersion)} (this Vigil reads ${ARCHIVE_FORMAT_VERSION})` }
  }
  const parsed = manifestSchema.safeParse(obj)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const at = issue.path.length > 0 ? issue.path.join('.') : '(top level)'
    return { ok: false, problem: `${MANIFEST_MEMBER} is invalid at ${at}: ${issue.message}` }
  }
  const seen = new Set<string>()
  for (const m of parsed.data.members) {
    if (m.path === MANIFEST_MEMBER || seen.has(m.path)) return { ok: false, problem: `${MANIFEST_MEMBER} lists member ${m.path} twice` }
    seen.add(m.path)
  }
  if (parsed.data.range.to <= parsed.data.range.from) return { ok: false, problem: `${MANIFEST_MEMBER}: range.to must be after range.from` }
  return { ok: true, manifest: parsed.data as ArchiveManifest, raw: obj }
}

/** The manifest object that is signed: everything but `signature`. */
export function signedPart(raw: Record<string, unknown>): Record<string, unknown> {
  const { signature: _omit, ...rest } = raw
  return rest
}
