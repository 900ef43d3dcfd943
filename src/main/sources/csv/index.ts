export { createCsvSource } from './source'
