// vigil.yaml: views (wallboard pages made of panels) and the wallboard playlist. The four
// built-in views (executive, operational, technical, models) are defined with this same schema.
import { z } from 'zod'
import { condition } from './alerting-schema'
import { duration } from './duration-schema'
import { kpiId } from './kpi-schema'

const seriesName = z.string().regex(/^[A-Za-z_:][A-Za-z0-9_:.]*$/, 'expected a series name')
const labels = z.record(z.string(), z.string())
const aggregation = z.enum(['avg', 'min', 'max', 'sum', 'last', 'count'])

/** One line of a chart: a series (optionally filtered by labels), or a plain series name. */
export const seriesRef = z.union([
  seriesName,
  z
    .object({
      series: seriesName,
      labels: labels.optional(),
      /** Legend text; default the series name. */
      title: z.string().optional(),
      agg: aggregation.optional(),
      /** Draw dashed (e.g. a cost line against a benefit line). */
      dashed: z.boolean().optional()
    })
    .strict()
])

const layout = {
  /** Optional stable id (default: type + position). */
  id: z.string().optional(),
  title: z.string().optional(),
  /** Width in columns of a 12-column grid (default depends on the type). */
  width: z.number().int().min(1).max(12).optional(),
  /** Height in rows of the view's grid (default 1). */
  height: z.number().int().min(1).max(6).optional()
}

const threshold = z
  .object({
    series: seriesName,
    /** Short name used in the reason text, e.g. "error rate". */
    name: z.string(),
    above: z.number().optional(),
    below: z.number().optional(),
    unit: z.string().optional()
  })
  .strict()

const positive = (ms: number): boolean => ms > 0

/**
 * How a forecast is asked for and worded: `condition` (e.g. "> 90") makes the panel say when the
 * forecast meets it; `event` names that moment ("payback", "disk full") and `met` is the text when
 * the last value already meets it ("already paid back").
 */
const forecastWording = {
  /** History the model is fitted on (default: the engine's, 14 days). */
  history: duration.refine(positive, 'history must be longer than 0s').optional(),
  condition: condition.optional(),
  event: z.string().min(1).max(60).optional(),
  met: z.string().min(1).max(60).optional()
}

/** A KPI chart's forecast: `true` (defaults) or its options. */
const kpiForecast = z.union([
  z.boolean(),
  z
    .object({
      /** How far ahead (default 180 days: a business KPI's half-year trajectory). */
      horizon: duration.refine(positive, 'horizon must be longer than 0s').prefault('180d'),
      ...forecastWording
    })
    .strict()
])

/** A model-quality window: longer than 0 and at most 400 days (what the engine accepts). */
const modelWindow = duration.refine((ms) => ms > 0 && ms <= 400 * 86_400_000, 'must be longer than 0s and at most 400d')

/** The model and the windows compared: `window` (ending now) against `reference` (the span before it). */
const modelWindows = {
  model: z.string().min(1).max(200),
  /** The judged window, ending now (default: analytics.models.window, 1 day). */
  window: modelWindow.optional(),
  /** The reference: this long before the judged window (default: analytics.models.reference_window, 7 days). */
  reference: modelWindow.optional()
}

/** The views recommendations are written for (the engine files each under one). */
export const RECOMMENDATION_VIEWS = ['executive', 'operational', 'technical'] as const

/** Shade anomalous periods (analytics engine): `true`, or the score from which a step counts. */
const chartAnomalies = z.union([z.boolean(), z.object({ min_score: z.number().gt(0).max(1) }).strict()])

export const panelSchema = z.discriminatedUnion('type', [
  /** A KPI tile: value, status vs target, change vs baseline, sparkline. */
  z.object({ ...layout, type: z.literal('kpi'), kpi: kpiId }).strict(),
  /** A KPI over time with its target line; with `forecast`, its history and forecast with 80 % / 95 % bands. */
  z.object({ ...layout, type: z.literal('kpi-chart'), kpi: kpiId, forecast: kpiForecast.default(false) }).strict(),
  /** A series' history and forecast with bands, and when it meets `condition` (capacity planning). */
  z
    .object({
      ...layout,
      type: z.literal('forecast'),
      series: seriesName,
      labels: labels.optional(),
      horizon: duration.refine(positive, 'horizon must be longer than 0s'),
      ...forecastWording,
      unit: z.string().optional(),
      /** Say when as "in 9 days" (days, default) or "by 2026-12-14" (date). */
      when: z.enum(['days', 'date']).default('days')
    })
    .strict(),
  /** Time series; `group_by` draws one line per value of that label. */
  z
    .object({
      ...layout,
      type: z.literal('chart'),
      series: z.array(seriesRef).min(1),
      group_by: z.string().optional(),
      unit: z.string().optional(),
      area: z.boolean().default(false),
      /** Shade this band (e.g. the normal range [50, 80]). */
      normal_range: z.tuple([z.number(), z.number()]).optional(),
      /** Shade the periods the anomaly detector flags on these series. */
      anomalies: chartAnomalies.default(false)
    })
    .strict(),
  /** Latest value of one series (averaged over matching label sets). */
  z.object({ ...layout, type: z.literal('stat'), series: seriesName, labels: labels.optional(), unit: z.string().optional() }).strict(),
  /** Implementation progress: completed / on track / at risk / delayed, and the next milestone. */
  z.object({ ...layout, type: z.literal('milestones') }).strict(),
  /** A compact grid of KPI values with their change vs baseline (business impact summary). */
  z.object({ ...layout, type: z.literal('kpi-list'), kpis: z.array(kpiId).min(1) }).strict(),
  /** An AI process against its pre-AI baseline: one row per KPI with arrow and %. */
  z.object({ ...layout, type: z.literal('process'), process: z.string(), kpis: z.array(kpiId).min(1) }).strict(),
  /** One cell per value of `by`: down when `up` is 0, degraded when a threshold is crossed (with the reason). */
  z
    .object({
      ...layout,
      type: z.literal('status-grid'),
      up: seriesName,
      by: z.string(),
      degraded: z.array(threshold).default([])
    })
    .strict(),
  /** Latest values in a table: one row per value of `by`, one column per series. */
  z
    .object({
      ...layout,
      type: z.literal('table'),
      by: z.string(),
      columns: z.array(z.object({ series: seriesName, title: z.string(), unit: z.string().optional() }).strict()).min(1)
    })
    .strict(),
  /** Data pipeline health: every source's freshness and errors, plus optional pipeline series by label. */
  z
    .object({
      ...layout,
      type: z.literal('sources'),
      pipelines: z
        .object({ by: z.string(), lag: seriesName.optional(), errors: seriesName.optional(), throughput: seriesName.optional() })
        .strict()
        .optional()
    })
    .strict(),
  /** Recent events: incidents, deployments, alert firings (annotations). */
  z
    .object({
      ...layout,
      type: z.literal('events'),
      kinds: z.array(z.enum(['deployment', 'incident', 'alert', 'note'])).optional(),
      limit: z.number().int().min(1).max(100).default(8)
    })
    .strict(),
  /** A model's metrics in its window against the reference window, with the change (arrow, %, better/worse). */
  z.object({ ...layout, type: z.literal('model-quality'), ...modelWindows }).strict(),
  /** A model's input drift per feature (method, score vs threshold, verdict) and the dataset verdict. */
  z.object({ ...layout, type: z.literal('model-drift'), ...modelWindows }).strict(),
  /**
   * The analytics' recommendations with the figures each cites. `view` picks whose (default: the
   * view the panel is on when it is executive, operational or technical, else every view's).
   */
  z
    .object({
      ...layout,
      type: z.literal('recommendations'),
      view: z.enum(RECOMMENDATION_VIEWS).optional(),
      /** Most shown; the rest are counted ("+ 2 more"). */
      limit: z.number().int().min(1).max(20).default(4)
    })
    .strict(),
  /** The adoption curve (analytics.adoption): fitted logistic, projection with bands, plateau and when it is reached. */
  z.object({ ...layout, type: z.literal('adoption') }).strict(),
  /** Cumulative savings projection (analytics.savings) with bands and the total over the horizon. */
  z.object({ ...layout, type: z.literal('savings-forecast') }).strict(),
  /** One row per capacity forecast (analytics.capacity): status, days left and the earliest date. */
  z.object({ ...layout, type: z.literal('capacity-list') }).strict()
])

/** Ids of the built-in views (resources/views/*.yaml), in their default playlist order. */
export const BUILT_IN_VIEW_IDS = ['executive', 'operational', 'technical', 'models'] as const

export const viewSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'expected a view id of lower-case letters, digits and "-"'),
    title: z.string().min(1),
    description: z.string().optional(),
    /** Rows of the view's grid on a wallboard (panels fill it without scrolling). */
    rows: z.number().int().min(1).max(8).default(3),
    panels: z.array(panelSchema).min(1)
  })
  .strict()

export const wallboardSchema = z
  .object({
    /** Views shown in turn in kiosk mode (default: every view). */
    playlist: z.array(z.string()).optional(),
    /** Time on each view. */
    interval: duration.prefault('30s'),
    /** A source or the engine silent this long makes the "data stale" banner appear. */
    stale_after: duration.prefault('2m')
  })
  .strict()

export type PanelConfig = z.output<typeof panelSchema>
export type PanelType = PanelConfig['type']
export type PanelOf<T extends PanelType> = Extract<PanelConfig, { type: T }>
export type SeriesRefConfig = z.output<typeof seriesRef>
export type ViewConfig = z.output<typeof viewSchema>
export type WallboardConfig = z.output<typeof wallboardSchema>
