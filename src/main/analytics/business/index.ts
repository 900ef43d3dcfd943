// Business forecasts built on an injected Forecaster: ROI trajectory with payback, adoption
// curve, capacity exhaustion, cost savings.
export { roiTrajectory, bonferroniLevel, type RoiTrajectory, type RoiTrajectoryInput, type RoiTrajectoryOptions, type RoiPayback } from './roi-trajectory'
export { adoptionCurve, type AdoptionCurve, type AdoptionFitted, type AdoptionUnfitted, type AdoptionInput, type AdoptionOptions } from './adoption-curve'
export { capacityExhaustion, CAPACITY_HORIZON_MS, type CapacityExhaustion, type CapacityInput, type CapacityOptions } from './capacity-exhaustion'
export { savingsForecast, type SavingsForecast, type SavingsInput, type SavingsOptions } from './savings-forecast'
export { SIX_MONTHS_MS, DAY_MS } from './series'
export type { RegularSeries, Projection, BandInterval, DateRange, ValueRange } from './types'
