// `verifyArchive`: everything that can be wrong with a `.vigil` file, each problem in words that
// name the member: structure, manifest, version, presence, size and SHA-256 of every member,
// members nobody listed, truncation, and the signature when there is one.
import { stat } from 'node:fs/promises'
import { manifestProblem, hashRange } from './archive-reader'
import { MANIFEST_MEMBER, type ArchiveManifest } from './format'
import { parseManifest, signedPart } from './manifest'
import { readRange } from './read-range'
import { keyFingerprint, verifyManifestSignature } from './signing'
import { scanTar } from './tar-reader'

export interface VerifyResult {
  ok: boolean
  /** The manifest when it could be read (also when other checks failed). */
  manifest: ArchiveManifest | null
  /** What is wrong, one message per problem; empty when ok. */
  problems: string[]
  /** True when the manifest carries a signature that verified. */
  signed: boolean
  /** Fingerprint of the signing key ("SHA256:…"), when signed. */
  keyFingerprint: string | null
  /** Size of the archive file. */
  bytes: number
}

/** Checks an archive file; never throws for bad content (an unreadable file is one problem). */
export async function verifyArchive(path: string, onProgress?: (checkedBytes: number, totalBytes: number) => void): Promise<VerifyResult> {
  const fail = (problems: string[], manifest: ArchiveManifest | null = null, bytes = 0): VerifyResult => ({
    ok: false,
    manifest,
    problems,
    signed: false,
    keyFingerprint: null,
    bytes
  })
  let bytes: number
  try {
    const info = await stat(path)
    if (!info.isFile()) return fail([`${path} is not a file`])
    bytes = info.size
  } catch (err) {
    return fail([`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`])
  }
  let scan
  try {
    scan = await scanTar(path)
  } catch (err) {
    return fail([`cannot read ${path}: ${(err as Error).message}`], null, bytes)
  }
  const problems = [...scan.problems]
  const first = manifestProblem(scan.entries[0], scan.entries)
  if (typeof first === 'string') return fail([first, ...problems], null, bytes)
  if (first.offset + first.size > scan.fileSize) return fail(problems, null, bytes)
  const parsed = parseManifest((await readRange(path, first.offset, first.size)).toString('utf8'))
  if (!parsed.ok) return fail([parsed.problem, ...problems], null, bytes)
  const { manifest, raw } = parsed

  const present = new Map(scan.entries.slice(1).map((e) => [e.name, e]))
  const listed = new Set(manifest.members.map((m) => m.path))
  const total = manifest.members.reduce((a, m) => a + m.bytes, 0)
  let checked = 0
  for (const m of manifest.members) {
    const entry = present.get(m.path)
    if (!entry) {
      problems.push(`missing member ${m.path}`)
      continue
    }
    // A truncated member was already reported; its bytes cannot be checked.
    if (entry.offset + entry.size > scan.fileSize) continue
    if (entry.size !== m.bytes) {
      problems.push(`size mismatch for ${m.path}: the manifest lists ${m.bytes} bytes, the archive holds ${entry.size}`)
      continue
    }
    if ((await hashRange(path, entry.offset, entry.size)) !== m.sha256) problems.push(`checksum mismatch for ${m.path}`)
    checked += m.bytes
    onProgress?.(checked, total)
  }
  const names = scan.entries.map((e) => e.name)
  for (const [i, name] of names.entries()) {
    if (i === 0) continue
    if (name === MANIFEST_MEMBER || names.indexOf(name) !== i) problems.push(`duplicate member ${name}`)
    else if (!listed.has(name)) problems.push(`unlisted member ${name} (not in ${MANIFEST_MEMBER})`)
  }
  const order = names.slice(1).filter((n) => listed.has(n))
  const expected = manifest.members.map((m) => m.path).filter((p) => present.has(p))
  if (order.join('\n') !== expected.join('\n')) problems.push(`members are not in the order ${MANIFEST_MEMBER} lists them`)

  let signed = false
  let fingerprint: string | null = null
  if (manifest.signature) {
    fingerprint = keyFingerprint(manifest.signature.publicKey)
    if (verifyManifestSignature(signedPart(raw), manifest.signature)) signed = true
    else problems.push(`bad signature (${MANIFEST_MEMBER} was altered after signing, or the signature is not by key ${fingerprint})`)
  }
  return { ok: problems.length === 0, manifest, problems, signed, keyFingerprint: fingerprint, bytes }
}
