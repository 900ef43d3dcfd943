// Series-name globs ("cpu_*", "http_?xx"): "*" any run of characters, "?" exactly one;
// everything else literal. Matching happens in JS, never in SQL.

/** Compiles a glob to an anchored RegExp with every other character escaped. */
export function globToRegExp(glob: string): RegExp {
  let source = '^'
  for (const ch of glob) {
    if (ch === '*') source += '.*'
    else if (ch === '?') source += '.'
    else source += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
  }
  return new RegExp(source + '$', 's')
}
