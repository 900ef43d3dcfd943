// vigil.yaml: KPIs (the metrics definition), the programme and its milestones.
import { z } from 'zod'
import { duration } from './duration-schema'
import { parseFormula } from '../kpi-formula'

/**
 * A point in time as written in config: an ISO date ("2026-08-01", "2026-08-01T09:00:00Z"),
 * relative to the programme start ("start", "start+30d", "start-2w") or to now ("now-90d").
 */
export const timeExpression = z
  .string()
  .regex(
    /^(\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?|start([+-]\d+(\.\d+)?(ms|s|m|h|d|w|y))*|now(-\d+(\.\d+)?(ms|s|m|h|d|w|y))*)$/,
    'expected a date ("2026-08-01"), "start+30d" (relative to the programme start) or "now-90d"'
  )

/** A KPI formula, checked when the config is loaded so a typo is reported at its line. */
export const kpiFormula = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    try {
      parseFormula(text)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message })
    }
  })

export const kpiId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a KPI id of lower-case letters, digits and "_" (max 64)')

export const kpiSchema = z
  .object({
    id: kpiId,
    name: z.string().min(1),
    /** Arithmetic over series: names (optionally with {label="value"}), numbers, + - * / ( ), min(a,b), max(a,b), abs(x). */
    formula: kpiFormula,
    unit: z.string().optional(),
    description: z.string().optional(),
    owner: z.string().optional(),
    dimension: z.enum(['business', 'operational', 'technical', 'transformation']),
    direction: z.enum(['higher', 'lower']).default('higher'),
    target: z.number().finite().optional(),
    /** A number, or the KPI's own value at a point in time: { at: "start+7d" }. */
    baseline: z.union([z.number().finite(), z.object({ at: timeExpression }).strict()]).optional(),
    /** Where the value is normal, e.g. [50, 80] for CPU %; used for status when there is no target. */
    normal_range: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([lo, hi]) => lo < hi, 'expected [low, high] with low < high')
      .optional(),
    /** Fraction of the target (or of the normal range's width) that still counts as "at risk". */
    at_risk_margin: z.number().min(0).max(10).default(0.1)
  })
  .strict()

export const programmeSchema = z
  .object({
    name: z.string().default('AI transformation'),
    /** A date, or { source: ID } to take the start from a demo source's scenario. */
    start: z.union([timeExpression, z.object({ source: z.string() }).strict()]).optional()
  })
  .strict()

export const milestoneSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    owner: z.string().optional(),
    planned: timeExpression,
    /** When it was (or will be recorded as) done; it counts as completed once this time has passed. */
    completed: timeExpression.optional(),
    /** Current expected completion; later than `planned` makes a pending milestone "at risk". */
    forecast: timeExpression.optional()
  })
  .strict()

export const milestonesConfig = z
  .object({
    /** A pending milestone planned within this window and not forecast on time is "at risk". */
    at_risk_window: duration.prefault('14d')
  })
  .strict()

export type KpiConfig = z.output<typeof kpiSchema>
export type ProgrammeConfig = z.output<typeof programmeSchema>
export type MilestoneConfig = z.output<typeof milestoneSchema>
