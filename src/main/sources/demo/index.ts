// The demo scenario: the source for the engine, the pure generator for tools, the baselines for KPIs.
export { createDemoSource, DemoSource, DEMO_STATE } from './demo-source'
export { demoValuesAt, DemoModel, defaultProgrammeStart } from './model'
export { DEMO_BASELINES, type DemoBaseline } from './baselines'
