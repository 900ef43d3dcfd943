import { describe, expect, it } from 'vitest'
import { OPERATOR_KEY, readOperator, writeOperator } from './operator-name'

function memoryStorage() {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k)
  }
}

describe('operator name', () => {
  it('is remembered trimmed, forgotten when cleared, and reads "" without storage', () => {
    const s = memoryStorage()
    expect(readOperator(s)).toBe('')
    writeOperator('  Ann Example ', s)
    expect(s.data.get(OPERATOR_KEY)).toBe('Ann Example')
    expect(readOperator(s)).toBe('Ann Example')
    writeOperator('   ', s)
    expect(s.data.has(OPERATOR_KEY)).toBe(false)
    expect(readOperator(null)).toBe('')
    const broken = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('full') }, removeItem: () => undefined }
    expect(readOperator(broken)).toBe('')
    expect(() => writeOperator('Bob', broken)).not.toThrow()
  })
})
