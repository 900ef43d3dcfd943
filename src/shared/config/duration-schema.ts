// Durations in config: strings such as "15s" parsed to milliseconds.
import { z } from 'zod'
import { parseDuration } from '../duration'

/** A duration string such as "15s", "5m", "1h30m", "90d"; parsed to milliseconds. */
export const duration = z
  .string()
  .describe('A duration such as "15s", "5m", "1h30m" or "90d"')
  .transform((text, ctx) => {
    const ms = parseDuration(text)
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as "15s", "5m" or "1h", got "${text}"` })
      return z.NEVER
    }
    return ms
  })

