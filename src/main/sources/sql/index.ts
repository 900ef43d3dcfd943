export { createSqlSource } from './source'
