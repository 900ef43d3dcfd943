import { describe, expect, it } from 'vitest'
import { effectiveTheme, parseTheme, readStoredTheme, storeTheme, THEME_STORAGE_KEY } from './theme'

function memoryStorage() {
  const map = new Map<string, string>()
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map }
}

describe('theme', () => {
  it('is dark unless light was chosen', () => {
    expect(parseTheme('light')).toBe('light')
    for (const v of [null, '', 'dark', 'LIGHT', 'solarized']) expect(parseTheme(v)).toBe('dark')
  })

  it('is always dark on a wallboard', () => {
    expect(effectiveTheme('light', true)).toBe('dark')
    expect(effectiveTheme('light', false)).toBe('light')
    expect(effectiveTheme('dark', false)).toBe('dark')
  })

  it('remembers the choice in storage, and survives storage that throws', () => {
    const storage = memoryStorage()
    storeTheme('light', storage)
    expect(storage.map.get(THEME_STORAGE_KEY)).toBe('light')
    expect(readStoredTheme(storage)).toBe('light')
    const broken = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      }
    }
    expect(readStoredTheme(broken)).toBe('dark')
    expect(() => storeTheme('light', broken)).not.toThrow()
    expect(readStoredTheme(null)).toBe('dark')
  })
})
