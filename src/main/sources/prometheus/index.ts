export { createPrometheusSource } from './source'
