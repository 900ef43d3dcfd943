// The predictions source (model outputs for model quality and drift) and its record mapping, shared with POST /api/predictions.
export { createPredictionsSource } from './source'
export { mapRecord, PUSH_MAPPING, type MappedRecord, type RecordMapping } from './map-record'
export { summarySamples } from './summary-samples'
