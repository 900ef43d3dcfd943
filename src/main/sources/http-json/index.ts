export { createHttpJsonSource } from './source'
