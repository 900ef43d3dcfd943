import { describe, expect, it } from 'vitest'
import type { Annotation } from '@shared/annotations'
import { annotationsForSeries, kindDisplay, newestFirst } from './annotation-display'

const a = (id: string, ts: number, series: string[] = []): Annotation => ({
  id,
  kind: 'deployment',
  ts,
  endTs: null,
  title: id,
  text: null,
  series,
  labels: {},
  source: 'test'
})

describe('annotations', () => {
  it('a chart draws view-wide annotations and those of its series', () => {
    const all = [a('wide', 1), a('cpu', 2, ['cpu']), a('mem', 3, ['mem'])]
    expect(annotationsForSeries(all, ['cpu']).map((x) => x.id)).toEqual(['wide', 'cpu'])
  })
  it('lists newest first up to the limit', () => {
    expect(newestFirst([a('x', 1), a('y', 3), a('z', 2)], 2).map((x) => x.id)).toEqual(['y', 'z'])
  })
  it('has a word and shape per kind', () => {
    expect(kindDisplay('incident')).toMatchObject({ word: 'Incident', shape: '▲' })
    expect(kindDisplay('other').word).toBe('other')
  })
})
