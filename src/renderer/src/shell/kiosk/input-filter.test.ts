import { describe, expect, it } from 'vitest'
import { pointerMoved } from './input-filter'

describe('pointerMoved', () => {
  it('counts a changed position (and the first one seen) as movement, a repeated one not', () => {
    expect(pointerMoved(null, { x: 5, y: 5 })).toBe(true)
    expect(pointerMoved({ x: 5, y: 5 }, { x: 5, y: 5 })).toBe(false)
    expect(pointerMoved({ x: 5, y: 5 }, { x: 6, y: 5 })).toBe(true)
    expect(pointerMoved({ x: 5, y: 5 }, { x: 5, y: 4 })).toBe(true)
  })
})
