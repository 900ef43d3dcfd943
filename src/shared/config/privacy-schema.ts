// `privacy:` in vigil.yaml: data minimisation at ingest. Labels can be dropped or replaced by a
// keyed hash (HMAC-SHA-256, a short hex prefix), series dropped, prediction record ids hashed;
// globally and per source. The same label rules apply to prediction feature names. Applied in
// src/main/ingest/minimise.ts before anything reaches the store.
import { z } from 'zod'

/** A label (or feature) name, or a glob of one: letters, digits, "_", with "*" and "?". */
const labelGlob = z
  .string()
  .regex(/^[A-Za-z0-9_*?]+$/, 'expected a label name or glob such as "user_email" or "*_ip" (letters, digits, "_", "*" any run, "?" one character)')
/** A series name, or a glob of one. */
const seriesGlob = z
  .string()
  .regex(/^[A-Za-z0-9_:.*?]+$/, 'expected a series name or glob such as "debug_*" (letters, digits, "_", ":", ".", "*" any run, "?" one character)')

const sourceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a source id')

/** A whole-value `${secret:NAME}` reference: the key itself is never written in the file. */
export const SECRET_ONLY = /^\$\{secret:[A-Za-z0-9_.-]+\}$/

/** Rules that apply to one source (added to the global ones). */
export const privacyRulesSchema = z
  .object({
    /** Labels removed from every sample (and features from every prediction record). */
    drop_labels: z.array(labelGlob).default([]),
    /** Labels (and prediction features) whose values are replaced by their keyed hash. */
    hash_labels: z.array(labelGlob).default([]),
    /** Series not stored at all. */
    drop_series: z.array(seriesGlob).default([]),
    /** Prediction record ids replaced by their keyed hash (late labels are hashed the same way, so they still match). */
    hash_record_ids: z.boolean().default(false)
  })
  .strict()

export const privacySchema = z
  .object({
    ...privacyRulesSchema.shape,
    /** The HMAC key, as `${secret:NAME}`; needed when any rule hashes. */
    hash_key: z.string().regex(SECRET_ONLY, 'expected a secret reference such as "${secret:vigil-hash-key}" (the key is never written in the file)').optional(),
    /** Hex digits kept of each hash (12 = 48 bits: collisions stay unlikely below millions of distinct values). */
    hash_length: z.number().int().min(8).max(64).default(12),
    /** Per source id: rules added to the global ones for that source's samples and predictions. */
    sources: z.record(sourceId, privacyRulesSchema).default({})
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.hash_key !== undefined) return
    const hashing = (r: PrivacyRules): boolean => r.hash_labels.length > 0 || r.hash_record_ids
    if (hashing(p)) ctx.addIssue({ code: 'custom', path: ['hash_key'], message: 'hash_labels / hash_record_ids need a hash_key such as "${secret:vigil-hash-key}"' })
    for (const [id, rules] of Object.entries(p.sources)) {
      if (hashing(rules)) ctx.addIssue({ code: 'custom', path: ['sources', id], message: `source "${id}" hashes values but privacy.hash_key is not set (e.g. "\${secret:vigil-hash-key}")` })
    }
  })

export type PrivacyRules = z.infer<typeof privacyRulesSchema>
export type PrivacyConfig = z.infer<typeof privacySchema>

/** Problems with `privacy.sources` keys that name no configured source (path below `privacy`). */
export function privacyIssues(privacy: PrivacyConfig, sourceIds: ReadonlySet<string>): { path: (string | number)[]; message: string }[] {
  return Object.keys(privacy.sources)
    .filter((id) => !sourceIds.has(id))
    .map((id) => ({ path: ['sources', id], message: `unknown source "${id}" (no source with this id under sources:)` }))
}
