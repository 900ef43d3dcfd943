// A formula that cannot be parsed: the message quotes the formula and names the column.

export class FormulaError extends Error {
  override name = 'FormulaError'
  /** 1-based column of the problem. */
  readonly column: number

  constructor(
    readonly formula: string,
    offset: number,
    readonly problem: string
  ) {
    super(`formula ${JSON.stringify(formula)}: ${problem} at column ${offset + 1}`)
    this.column = offset + 1
  }
}
