// The built-in views (executive, operational, technical, models), embedded from resources/views
// at build time and checked against the same schema as views in vigil.yaml.
import { parse } from 'yaml'
import { BUILT_IN_VIEW_IDS, viewSchema, type ViewConfig } from '@shared/config/views-schema'
import executiveText from '../../../resources/views/executive.yaml?raw'
import operationalText from '../../../resources/views/operational.yaml?raw'
import technicalText from '../../../resources/views/technical.yaml?raw'
import modelsText from '../../../resources/views/models.yaml?raw'

/** The embedded YAML of each built-in view, by file name. */
export const BUILT_IN_VIEW_SOURCES: readonly { file: string; text: string }[] = [
  { file: 'resources/views/executive.yaml', text: executiveText },
  { file: 'resources/views/operational.yaml', text: operationalText },
  { file: 'resources/views/technical.yaml', text: technicalText },
  { file: 'resources/views/models.yaml', text: modelsText }
]

/** Parses one view file; throws naming the file and the key path of every problem. */
export function parseViewText(text: string, file: string): ViewConfig {
  let raw: unknown
  try {
    raw = parse(text)
  } catch (err) {
    throw new Error(`${file}: YAML syntax: ${(err as Error).message.split('\n')[0]}`)
  }
  const result = viewSchema.safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(view)'}: ${i.message}`)
    throw new Error(`${file}: invalid view: ${problems.join('; ')}`)
  }
  return result.data
}

let cached: ViewConfig[] | null = null

/** The built-in views in their fixed order; a broken built-in is a build defect and throws at the first call. */
export function builtInViews(): ViewConfig[] {
  if (!cached) {
    const views = BUILT_IN_VIEW_SOURCES.map(({ file, text }) => parseViewText(text, file))
    const ids = views.map((v) => v.id)
    if (ids.join() !== BUILT_IN_VIEW_IDS.join()) {
      throw new Error(`built-in views have ids ${ids.join(', ')}, expected ${BUILT_IN_VIEW_IDS.join(', ')} (BUILT_IN_VIEW_IDS)`)
    }
    cached = views
  }
  return structuredClone(cached)
}
