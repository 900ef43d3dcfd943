import { describe, expect, it } from 'vitest'
import { DEFAULT_MEMORY_LIMIT, memoryLimitBytes, memoryLimitSchema } from './storage-memory-schema'

describe('storage.memory_limit', () => {
  it('reads sizes as DuckDB does (decimal and binary units)', () => {
    expect(memoryLimitBytes('512MB')).toBe(512e6)
    expect(memoryLimitBytes('1.5 GiB')).toBe(1.5 * 2 ** 30)
    expect(memoryLimitBytes('488.2 MiB')).toBe(Math.round(488.2 * 2 ** 20))
    expect(memoryLimitBytes('512')).toBeNull()
    expect(memoryLimitBytes('-1GB')).toBeNull()
  })

  it('defaults to 512MB and accepts a size', () => {
    expect(memoryLimitSchema.parse(undefined)).toBe(DEFAULT_MEMORY_LIMIT)
    expect(DEFAULT_MEMORY_LIMIT).toBe('512MB')
    expect(memoryLimitSchema.parse('2GB')).toBe('2GB')
  })

  it('says what is wrong with a bad value', () => {
    const bad = memoryLimitSchema.safeParse('half the RAM')
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0].message).toBe('expected a size such as "512MB" or "2GB" (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), got "half the RAM"')
    expect(memoryLimitSchema.safeParse('16MB').error!.issues[0].message).toBe('"16MB" is below the smallest cap DuckDB can work in (64MiB)')
    expect(memoryLimitSchema.safeParse(512).success).toBe(false)
  })
})

describe('storage.memory_limit in vigil.yaml', () => {
  it('defaults to 512MB and refuses a bad size, naming the field', async () => {
    const { configSchema } = await import('./schema')
    expect(configSchema.parse({}).storage.memory_limit).toBe('512MB')
    expect(configSchema.parse({ storage: { memory_limit: '2GB' } }).storage.memory_limit).toBe('2GB')
    const bad = configSchema.safeParse({ storage: { memory_limit: 'lots' } })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0].path).toEqual(['storage', 'memory_limit'])
    expect(bad.error?.issues[0].message).toContain('expected a size such as "512MB"')
  })
})
