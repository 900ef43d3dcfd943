// JSON Schema for editors, generated from the same zod definitions that validate the file.
import { z } from 'zod'
import { configSchema } from '@shared/config/schema'

/** The JSON Schema of vigil.yaml (input form: durations are strings). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  return { ...schema, title: 'Vigil configuration (vigil.yaml)' }
}
