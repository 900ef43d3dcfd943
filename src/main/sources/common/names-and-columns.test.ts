import { describe, expect, it } from 'vitest'
import { planColumns } from './column-plan'
import { mapRow } from './map-row'
import { toLabelName, toSeriesName } from './series-name'

const config = { timestamp_column: 'ts', columns: [], label_columns: ['Team Name'], series_prefix: 'x_' }

describe('series and label names', () => {
  it('turns arbitrary text into valid names', () => {
    expect(toSeriesName('Revenue (EUR)')).toBe('Revenue_EUR')
    expect(toSeriesName('5xx rate')).toBe('_5xx_rate')
    expect(toSeriesName('_private:total')).toBe('_private:total')
    expect(toSeriesName('%%%')).toBe('_')
    expect(toLabelName('Team Name')).toBe('Team_Name')
    expect(toLabelName('9lives')).toBe('_9lives')
  })
})

describe('planColumns + mapRow', () => {
  it('uses every other column as a value when none are configured', () => {
    const plan = planColumns(['ts', 'Team Name', 'Revenue (EUR)', 'seats'], config)
    expect(plan.values.map((v) => v.series)).toEqual(['x_Revenue_EUR', 'x_seats'])
    const row = mapRow(['2024-01-01 00:00:00', 'core', '1.5', ''], plan)
    expect(row.samples).toEqual([{ name: 'x_Revenue_EUR', labels: { Team_Name: 'core' }, ts: Date.UTC(2024, 0, 1), value: 1.5 }])
    expect(row.problems).toEqual([])
  })

  it('names every missing column at once', () => {
    expect(() => planColumns(['a'], { ...config, columns: ['v'] })).toThrow(
      'no columns "ts", "Team Name", "v" (found: "a")'
    )
  })

  it('drops a row with a bad timestamp and a cell with a bad value', () => {
    const plan = planColumns(['ts', 'Team Name', 'a', 'b'], config)
    expect(mapRow(['soon', 't', '1', '2'], plan)).toMatchObject({ samples: [], ts: null })
    const row = mapRow(['0', 't', 'x', '2'], plan)
    expect(row.samples.map((s) => s.name)).toEqual(['x_b'])
    expect(row.problems).toEqual([{ column: 'a', message: 'column "a" is "x", expected a number' }])
  })
})
