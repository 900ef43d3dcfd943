// Renders parsed alert templates against an alert's value and labels.
import type { Command, Operand, Pipeline, Template, TemplateContext, TemplateValue } from './ast'
import { FUNCTIONS, formatValue } from './functions'
import { parseTemplate } from './parse'
import { TemplateError } from './template-error'

function read(op: Operand, ctx: TemplateContext): TemplateValue {
  if (op.kind === 'value') return ctx.value
  if (op.kind === 'label') return ctx.labels[op.name] ?? ''
  return op.value
}

function run(cmd: Command, ctx: TemplateContext, piped: TemplateValue | undefined): TemplateValue {
  if (cmd.kind !== 'call') return read(cmd, ctx)
  const args = cmd.args.map((a) => read(a, ctx))
  if (piped !== undefined) args.push(piped)
  return FUNCTIONS[cmd.fn].call(args)
}

function runPipeline(p: Pipeline, ctx: TemplateContext): TemplateValue {
  let result: TemplateValue | undefined
  for (const cmd of p.commands) result = run(cmd, ctx, result)
  return result as TemplateValue
}

/** Renders a parsed template; throws TemplateError when a function gets a value it cannot use. */
export function renderParsed(template: Template, ctx: TemplateContext): string {
  let out = ''
  for (const part of template.parts) out += part.kind === 'text' ? part.text : formatValue(runPipeline(part.pipeline, ctx))
  return out
}

/**
 * Renders template text. Never throws: a template error is rendered in place as
 * "<error expanding template: …>" (as Prometheus does), so a notification still goes out.
 */
export function renderTemplate(source: string, ctx: TemplateContext): string {
  try {
    return renderParsed(parseTemplate(source), ctx)
  } catch (err) {
    if (err instanceof TemplateError) return `<error expanding template: ${err.message}>`
    throw err
  }
}
