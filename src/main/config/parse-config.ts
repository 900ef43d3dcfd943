// Turns vigil.yaml text into a validated VigilConfig, with errors that say file:line:col and key path.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { configSchema, type VigilConfig } from '@shared/config/schema'
import { ConfigError, formatPath, type ConfigIssue } from './config-error'

/** Parses and validates config text; throws ConfigError listing every problem. */
export function parseConfigText(text: string, file: string): VigilConfig {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0])
        return { path: '', message: `YAML syntax: ${e.message.split('\n')[0]}`, line: pos.line, column: pos.col }
      })
    )
  }
  const raw: unknown = doc.toJS() ?? {}
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '', message: 'expected a mapping of keys (sources:, storage:, …) at the top level' }])
  }
  const result = configSchema.safeParse(raw)
  if (result.success) return result.data
  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const path = [...issue.path]
    // Point unknown keys at the key itself, not at its parent mapping.
    if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0])
    const pos = locate(doc.contents, path, lineCounter, issue.code === 'unrecognized_keys')
    return { path: formatPath(path), message: describeIssue(issue), ...pos }
  })
  throw new ConfigError(file, issues)
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const s = issue.keys.length > 1 ? 's' : ''
    return `unknown key${s} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; see the README's config reference)`
  }
  return issue.message
}

/** Finds the line/column of a key path in the YAML document, as deep as it exists. */
function locate(
  root: Node | null,
  path: PropertyKey[],
  lineCounter: LineCounter,
  pointAtKey: boolean
): { line?: number; column?: number } {
  let node: unknown = root
  let range: [number, number, number] | undefined = (root as Node | null)?.range ?? undefined
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))
      if (!pair) break
      const target = pointAtKey || !pair.value ? pair.key : pair.value
      range = (target as Node).range ?? range
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined
      if (!item) break
      range = item.range ?? range
      node = item
    } else break
  }
  if (!range) return {}
  const pos = lineCounter.linePos(range[0])
  return { line: pos.line, column: pos.col }
}
