// Alert annotation templates: {{ $value }}, {{ $labels.service }}, {{ humanize $value }},
// {{ $value | printf "%.1f" }}. Pure TypeScript, so the config schema checks templates at load time.
export type { Template, TemplateContext, TemplateValue } from './ast'
export { parseTemplate } from './parse'
export { renderParsed, renderTemplate } from './render'
export { formatValue, FUNCTIONS } from './functions'
export { formatE, formatF, formatG } from './go-format'
export { TemplateError } from './template-error'
