// Source kind → factory. Adding a kind = its folder plus one line here (and its schema).
import type { SourceConfig } from '@shared/config/schema'
import type { Source, SourceDeps, SourceFactory } from './source'
import type { PolledSourceConfig } from './schedule-entry'
import { createCsvSource } from './csv'
import { createDemoSource } from './demo'
import { createHostSource } from './host/host-source'
import { createHttpJsonSource } from './http-json'
import { createPredictionsSource } from './predictions'
import { createPrometheusSource } from './prometheus'
import { createSqlSource } from './sql'

type Factories = { [K in PolledSourceConfig['kind']]: SourceFactory<Extract<SourceConfig, { kind: K }>> }

const FACTORIES: Factories = {
  host: createHostSource,
  demo: createDemoSource,
  prometheus: createPrometheusSource,
  'http-json': createHttpJsonSource,
  csv: createCsvSource,
  sql: createSqlSource,
  predictions: createPredictionsSource
}

/** Creates the Source for a polled source config. */
export function createSource(config: PolledSourceConfig, deps: SourceDeps): Source {
  const factory = FACTORIES[config.kind] as SourceFactory<PolledSourceConfig>
  return factory(config, deps)
}
