/** A template that does not parse, or a function given the wrong kind of value. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TemplateError'
  }
}
