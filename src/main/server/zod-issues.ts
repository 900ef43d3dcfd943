// Turns a zod error into one line that names each offending argument path.
import type { z } from 'zod'

/** "to: \"to\" must be after \"from\"; step: Too small: expected number to be >0" */
export function formatIssues(error: z.ZodError, pathName: (path: string) => string = (p) => p): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      return path ? `${pathName(path)}: ${issue.message}` : issue.message
    })
    .join('; ')
}
