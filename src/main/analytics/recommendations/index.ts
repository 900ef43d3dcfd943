// Rule-based optimisation recommendations from the analytics.
export { recommend } from './recommend'
export { DEFAULT_RECOMMENDATION_OPTIONS, resolveOptions, type RecommendationOptions } from './options'
export type * from './types'
