import { describe, expect, it } from 'vitest'
import { locateJsonError, parseJson } from './parse-json'

describe('parseJson', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJson('{"a":[1,2,{"b":null}]}', 'x')).toEqual({ a: [1, 2, { b: null }] })
  })

  it('names line, column and position of a syntax error', () => {
    expect(() => parseJson('{\n  "a": 1,\n  "b": }', 'the body')).toThrow(
      'the body is not valid JSON: unexpected "}", expected a value at line 3, column 8 (position 19)'
    )
    expect(() => parseJson('', 'the body')).toThrow('the body is not valid JSON: the text is empty at line 1, column 1 (position 0)')
  })

  it('agrees with JSON.parse on what is valid', () => {
    const samples = [
      '1', '-0.5e+3', '"a\\u00e9\\n"', 'true', 'null', '[]', '{}', '[1,[2,[3]]]', '{"a":{"b":[]}}', ' \n{"a" : 1 } ',
      '01', '1.', '.5', '+1', '"\\x"', '"a\tb"', '[1,]', '{"a":1,}', '{a:1}', "{'a':1}", '[1 2]', 'tru', 'nul', '[', '{"a"',
      '{"a":}', '"abc', '1 2', '[]]', '{"a":1}}', 'NaN', '-', '"\\u12"'
    ]
    for (const text of samples) {
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      expect(locateJsonError(text) === null, text).toBe(valid)
    }
  })

  it('handles deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(200_000)
    expect(locateJsonError(deep)).toMatchObject({ problem: 'unexpected end of input', offset: 200_000 })
  })
})
