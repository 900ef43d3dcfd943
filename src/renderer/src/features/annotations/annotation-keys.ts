// Query keys for annotations (refreshed by `annotation` events).
import type { ArgsOf } from '@shared/api'

export const annotationKeys = {
  all: ['annotations'] as const,
  list: (args: ArgsOf<'listAnnotations'>) =>
    ['annotations', { from: args.from, to: args.to, kinds: args.kinds ?? null, limit: args.limit ?? null }] as const
}
