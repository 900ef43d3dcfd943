import { describe, expect, it } from 'vitest'
import type { Recommendation } from '@shared/analytics-business'
import { figureValueText, recommendationsToShow, severityCounts, severityDisplay, sortRecommendations } from './recommendation-display'

const rec = (id: string, severity: Recommendation['severity']): Recommendation => ({
  id,
  severity,
  view: 'technical',
  title: `title ${id}`,
  detail: 'd',
  figures: [],
  action: 'a'
})

describe('recommendations display', () => {
  it('most severe first, the engine order within a severity', () => {
    const list = [rec('i1', 'info'), rec('w1', 'warning'), rec('c1', 'critical'), rec('i2', 'info'), rec('c2', 'critical')]
    expect(sortRecommendations(list).map((r) => r.id)).toEqual(['c1', 'c2', 'w1', 'i1', 'i2'])
  })

  it('shows at most the limit and keeps the rest for the "+ n more" line', () => {
    const list = [rec('i1', 'info'), rec('c1', 'critical'), rec('w1', 'warning')]
    const { shown, more } = recommendationsToShow(list, 2)
    expect(shown.map((r) => r.id)).toEqual(['c1', 'w1'])
    expect(more.map((r) => r.id)).toEqual(['i1'])
    expect(recommendationsToShow(list, 10).more).toEqual([])
    expect(recommendationsToShow([], 3)).toEqual({ shown: [], more: [] })
  })

  it('severity as word and shape as well as tone', () => {
    expect(severityDisplay('critical')).toMatchObject({ word: 'Critical', tone: 'bad' })
    expect(severityDisplay('warning')).toMatchObject({ word: 'Warning', tone: 'warn' })
    expect(severityDisplay('info').shape).not.toBe('')
    expect(severityCounts([rec('a', 'warning'), rec('b', 'critical'), rec('c', 'warning')])).toBe('1 critical, 2 warnings')
    expect(severityCounts([])).toBe('')
  })

  it('figure values with their units; dates as given', () => {
    expect(figureValueText({ value: 0.2295, unit: null })).toBe('0.2295')
    expect(figureValueText({ value: -33.27, unit: '%' })).toBe('-33.27 %')
    expect(figureValueText({ value: 100.3, unit: '% of capacity' })).toBe('100.3 % of capacity')
    expect(figureValueText({ value: '2026-11-29', unit: 'date' })).toBe('2026-11-29')
    expect(figureValueText({ value: 1_250_000, unit: 'USD' })).toBe('$1.3M')
    expect(figureValueText({ value: 12345.678, unit: null })).toBe('12,345.678')
  })
})
