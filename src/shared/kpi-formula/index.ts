// The KPI formula language: arithmetic over series. Pure TypeScript (no node, no DOM), so the
// config schema can check formulas when the file is loaded and the engine can evaluate them.
export { parseFormula } from './parse'
export { evaluateFormula, formulaRefs, isKpiError, type RefValues } from './evaluate'
export { FormulaError } from './formula-error'
export { refKey, type Formula, type FormulaNode, type SeriesRef, type BinaryOp, type FormulaFunction } from './ast'
