// Annotations of an alert: the rule's templates rendered with $value and $labels (the alert's
// final labels), over Vigil's default summary for the rule kind when the rule gives none.
import { parseTemplate, renderParsed, TemplateError, type Template } from '@shared/alert-template'
import type { Labels } from '@shared/types'

/** Parsed templates per annotations object (config objects are immutable once loaded). */
const parsedCache = new WeakMap<Record<string, string>, Map<string, Template | Error>>()

function parsed(annotations: Record<string, string>, key: string): Template | Error {
  let byKey = parsedCache.get(annotations)
  if (!byKey) {
    byKey = new Map()
    parsedCache.set(annotations, byKey)
  }
  let t = byKey.get(key)
  if (t === undefined) {
    try {
      t = parseTemplate(annotations[key])
    } catch (err) {
      t = err as Error
    }
    byKey.set(key, t)
  }
  return t
}

/** Renders the rule's annotation templates over the defaults; a template error is shown in place, never thrown. */
export function renderAnnotations(
  templates: Record<string, string>,
  defaults: Record<string, string>,
  value: number | null,
  labels: Labels
): Record<string, string> {
  const out: Record<string, string> = { ...defaults }
  for (const key of Object.keys(templates)) {
    const t = parsed(templates, key)
    try {
      if (t instanceof Error) throw t
      out[key] = renderParsed(t, { value, labels })
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err
      out[key] = `<error expanding template: ${err.message}>`
    }
  }
  return out
}
