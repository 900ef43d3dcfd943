import { describe, expect, it } from 'vitest'
import { archiveWindow, formatArchiveRange, hashNamesRange, lockRange, presetFits, trustText } from './archive-range'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const archive = { from: Date.UTC(2025, 0, 12, 12, 7), to: Date.UTC(2025, 0, 15, 12, 8) }

describe('review mode range lock', () => {
  it('shows the whole archive when the page named no range', () => {
    expect(lockRange({ range: '24h', from: null, to: null }, archive, false)).toEqual({ range: 'custom', from: archive.from, to: archive.to })
    expect(lockRange({ range: 'custom', from: archive.from, to: archive.to }, archive, false)).toBeNull()
  })

  it('clamps a custom range to the archive, and replaces one outside it', () => {
    expect(lockRange({ range: 'custom', from: archive.from - DAY, to: archive.from + HOUR }, archive, true)).toEqual({ range: 'custom', from: archive.from, to: archive.from + HOUR })
    expect(lockRange({ range: 'custom', from: archive.from + HOUR, to: archive.from + 2 * HOUR }, archive, true)).toBeNull()
    expect(lockRange({ range: 'custom', from: archive.to + HOUR, to: archive.to + 2 * HOUR }, archive, true)).toEqual({ range: 'custom', from: archive.from, to: archive.to })
  })

  it('keeps presets that fit and replaces longer ones with the whole archive', () => {
    expect(presetFits('24h', archive)).toBe(true)
    expect(presetFits('7d', archive)).toBe(false)
    expect(lockRange({ range: '24h', from: null, to: null }, archive, true)).toBeNull()
    expect(lockRange({ range: '30d', from: null, to: null }, archive, true)).toEqual({ range: 'custom', from: archive.from, to: archive.to })
  })

  it('ends preset windows at the archive end and never leaves the archive', () => {
    const w = archiveWindow({ range: '24h', from: null, to: null }, archive)
    expect(w.to).toBe(archive.to)
    expect(w.from).toBeGreaterThanOrEqual(archive.to - DAY - 300_000)
    expect(w.step).toBe(300)
    const whole = archiveWindow({ range: 'custom', from: archive.from - DAY, to: archive.to + DAY }, archive)
    expect([whole.from, whole.to]).toEqual([archive.from, archive.to])
    expect(whole.step).toBeGreaterThan(0)
  })

  it('tells whether a hash names a range', () => {
    expect(hashNamesRange('#/executive?range=24h')).toBe(true)
    expect(hashNamesRange('#/executive')).toBe(false)
    expect(hashNamesRange('')).toBe(false)
  })

  it('words the banner: range in UTC, verified and signed state', () => {
    expect(formatArchiveRange(archive)).toBe('12 Jan 2025 12:07 – 15 Jan 2025 12:08 UTC')
    expect(trustText({ verified: true, signed: false })).toBe('verified, unsigned')
    expect(trustText({ verified: true, signed: true, keyFingerprint: 'SHA256:abc' })).toBe('verified, signed (key SHA256:abc)')
  })
})
