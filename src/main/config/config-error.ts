// A config problem with where it is: file, line:column when known, and the key path.

export interface ConfigIssue {
  /** Key path as written in docs, e.g. "sources[2].interval". */
  path: string
  message: string
  line?: number
  column?: number
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[]
  ) {
    super(formatIssues(file, issues))
    this.name = 'ConfigError'
  }
}

/** Renders issues one per line: "vigil.yaml:12:5: sources[2].interval: expected …". */
export function formatIssues(file: string, issues: ConfigIssue[]): string {
  return issues
    .map((i) => {
      const where = i.line ? `${file}:${i.line}:${i.column ?? 1}` : file
      return i.path ? `${where}: ${i.path}: ${i.message}` : `${where}: ${i.message}`
    })
    .join('\n')
}

/** Formats a path array as "sources[2].interval". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out ? `.${String(p)}` : String(p)
  }
  return out
}
