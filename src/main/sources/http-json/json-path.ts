// JSONPath queries over untrusted responses: jsonpath-plus with script evaluation disabled,
// and match locations rendered as readable paths ($.data.items[3].value) for messages.
import { JSONPath } from 'jsonpath-plus'

export interface PathMatch {
  /** Where the value was found, e.g. `$.data.items[3].value`. */
  path: string
  value: unknown
}

/** Every match of `path` in `json`; `base` is the display path of `json` itself (for relative queries). Throws for paths that need script evaluation. */
export function queryJson(json: unknown, path: string, base = '$'): PathMatch[] {
  let results: Array<{ path: string; value: unknown }>
  try {
    results = JSONPath({ path, json: json as object, wrap: true, eval: false, resultType: 'all' }) ?? []
  } catch (err) {
    // jsonpath-plus crashes with a TypeError on some malformed paths (e.g. "#0", found by fuzzing): that is a syntax error, not a bug to quote.
    if (err instanceof TypeError) throw new Error(`JSONPath ${JSON.stringify(path)} is not valid JSONPath syntax (e.g. "$.data.items[0].value")`)
    const reason = err instanceof Error ? err.message : String(err)
    throw new Error(`JSONPath ${JSON.stringify(path)} cannot be used: ${reason} (filter and script expressions are disabled)`)
  }
  return results.map((r) => ({ path: joinPath(base, displayPath(r.path)), value: r.value }))
}

/** Renders a path relative to `base`: joinPath('$.items[2]', '$.value') → '$.items[2].value'. */
export function joinPath(base: string, relative: string): string {
  const rest = relative.startsWith('$') ? relative.slice(1) : relative ? `.${relative}` : ''
  return `${base}${rest}`
}

/** `$['data']['items'][0]` → `$.data.items[0]`. */
function displayPath(path: string): string {
  return JSONPath.toPathArray(path)
    .slice(1)
    .reduce((out, part) => {
      if (/^\d+$/.test(part)) return `${out}[${part}]`
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) return `${out}.${part}`
      return `${out}[${JSON.stringify(part)}]`
    }, '$')
}
