// vigil.yaml: the `analytics:` section — which series the business forecasts read (ROI
// trajectory, adoption curve, savings, capacity) and the model-quality windows. The defaults
// name the demo scenario's and the host source's series, so a fresh install shows them.
import { z } from 'zod'
import { duration } from './duration-schema'
import { kpiId } from './kpi-schema'

const seriesName = z.string().regex(/^[A-Za-z_:][A-Za-z0-9_:.]*$/, 'expected a series name')
const labelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a label name')
const labels = z.record(labelName, z.string())
const isPositive = (ms: number): boolean => ms > 0
const span = (fallback: string) => duration.prefault(fallback).refine(isPositive, 'must be longer than 0s')

const roiSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Cumulative benefits (money). */
    benefit: seriesName.default('ai_benefits_usd_total'),
    /** Cumulative investment (money). */
    cost: seriesName.default('ai_investment_usd_total'),
    /** The ROI KPI whose target the recommendations compare with. */
    kpi: kpiId.default('roi'),
    /** A milestone whose planned date is the payback plan (optional). */
    payback_milestone: z.string().optional(),
    horizon: span('183d'),
    history: span('180d')
  })
  .strict()

const adoptionSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Adoption in percent. */
    series: seriesName.default('ai_adoption_rate_percent'),
    /** The adoption KPI (its target is the goal). */
    kpi: kpiId.default('adoption_rate'),
    /** Training completion in percent, cited when adoption plateaus low. */
    training_series: seriesName.optional().default('training_completion_percent'),
    horizon: span('183d'),
    history: span('365d')
  })
  .strict()

const savingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Cumulative savings (money); the daily increase is the savings rate. */
    series: seriesName.default('ai_cost_savings_usd_total'),
    horizon: span('183d'),
    history: span('180d')
  })
  .strict()

const capacitySchema = z
  .object({
    /** Shown in the panel and recommendations, e.g. "disk", "GPU". */
    name: z.string().min(1).max(100),
    kind: z.enum(['disk', 'gpu', 'memory', 'other']).default('other'),
    series: seriesName,
    labels: labels.default({}),
    /** One forecast per value of this label (e.g. mount, gpu). */
    by: labelName.optional(),
    /** A fixed capacity (e.g. 90 for "saturated at 90 %"), or a series holding it (e.g. disk size), same labels. */
    capacity: z.union([z.number().positive(), z.object({ series: seriesName }).strict()]),
    /** Daily value forecast: the day's peak (bursty utilisation) or its last value (levels such as bytes used). */
    daily: z.enum(['max', 'last', 'avg']).default('max'),
    horizon: span('90d'),
    history: span('60d')
  })
  .strict()

const DEFAULT_CAPACITY = [
  { name: 'disk', kind: 'disk', series: 'host_disk_used_bytes', by: 'mount', capacity: { series: 'host_disk_total_bytes' }, daily: 'last' },
  { name: 'GPU', kind: 'gpu', series: 'gpu_utilisation_percent', by: 'gpu', capacity: 95, daily: 'max' }
]

const modelsSchema = z
  .object({
    /** The window whose quality and drift are judged (ending now). */
    window: span('1d'),
    /** The reference: this long before the judged window. */
    reference_window: span('7d')
  })
  .strict()

export const analyticsSchema = z
  .object({
    roi: roiSchema.prefault({}),
    adoption: adoptionSchema.prefault({}),
    savings: savingsSchema.prefault({}),
    capacity: z.array(capacitySchema).prefault(DEFAULT_CAPACITY as z.input<typeof capacitySchema>[]),
    models: modelsSchema.prefault({}),
    /** Overrides of the recommendation thresholds (see src/main/analytics/recommendations/README.md). */
    recommendations: z.record(z.string(), z.number()).default({})
  })
  .strict()

export type AnalyticsConfig = z.output<typeof analyticsSchema>
export type CapacityConfig = AnalyticsConfig['capacity'][number]
