import { describe, expect, it } from 'vitest'
import { globToRegExp } from './glob'

describe('globToRegExp', () => {
  it('matches * and ? and nothing else specially', () => {
    const re = globToRegExp('cpu_*.?')
    expect(re.test('cpu_user.1')).toBe(true)
    expect(re.test('cpu_.x')).toBe(true)
    expect(re.test('cpu_user_1')).toBe(false)
    expect(re.test('xcpu_user.1')).toBe(false)
    expect(globToRegExp('a+b').test('aab')).toBe(false)
    expect(globToRegExp('a+b').test('a+b')).toBe(true)
    expect(globToRegExp('[ab]|(c)$^\\').test('[ab]|(c)$^\\')).toBe(true)
    expect(globToRegExp('*').test('')).toBe(true)
  })
})
