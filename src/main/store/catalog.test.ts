import { describe, expect, it } from 'vitest'
import { SeriesCatalog } from './catalog'

describe('SeriesCatalog', () => {
  it('resolves one id per name + label set, whatever the key order', () => {
    const c = new SeriesCatalog()
    const a = c.resolve('m', { x: '1', y: '2' }, null, 's', 0)
    expect(a.created).toBe(true)
    expect(c.find('m', { y: '2', x: '1' })).toBeUndefined() // new key order: slow path first
    const b = c.resolve('m', { y: '2', x: '1' }, null, 's', 0)
    expect(b).toEqual({ entry: a.entry, created: false })
    expect(c.find('m', { y: '2', x: '1' })).toBe(a.entry)
    expect(c.find('m', { x: '1' })).toBeUndefined()
    expect(c.find('m', { x: '1', y: '2', z: '3' })).toBeUndefined()
    expect(c.resolve('m', {}, null, 's', 0).entry.id).not.toBe(a.entry.id)
    expect(a.entry.labelsJson).toBe('{"x":"1","y":"2"}')
  })

  it('forgets discarded series and never reuses their ids', () => {
    const c = new SeriesCatalog()
    const gone = c.resolve('m', { k: 'v' }, null, 's', 0).entry
    c.discard([gone])
    expect(c.find('m', { k: 'v' })).toBeUndefined()
    const other = c.resolve('n', {}, null, 's', 0).entry
    expect(other.id).toBeGreaterThan(gone.id)
    const back = c.resolve('m', { k: 'v' }, null, 's', 0)
    expect(back.created).toBe(true)
    expect(c.find('m', { k: 'v' })).toBe(back.entry)
  })

  it('keeps a "__proto__" label as an ordinary label', () => {
    const c = new SeriesCatalog()
    const labels = JSON.parse('{"__proto__":"x"}') as Record<string, string>
    const { entry } = c.resolve('m', labels, null, 's', 0)
    expect(Object.keys(entry.labels)).toEqual(['__proto__'])
    expect(c.find('m', labels)).toBe(entry)
    expect(c.find('m', {})).toBeUndefined()
  })
})
