import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLaunchOptions, relaunchArgs } from '../../src/main/electron/launch-options'

const userData = '/home/ops/.config/vigil'
const cwd = '/srv/wall'

describe('desktop launch options', () => {
  it('defaults to Electron’s userData folder, the engine’s default config, and a normal window', () => {
    expect(parseLaunchOptions(['.'], userData, {}, cwd)).toEqual({ dataDir: userData, kiosk: false })
  })

  it('takes --data-dir and --config in both spellings, relative to the working folder', () => {
    expect(parseLaunchOptions(['.', '--data-dir', 'data', '--config', 'conf/vigil.yaml'], userData, {}, cwd)).toEqual({
      dataDir: resolve(cwd, 'data'),
      configPath: resolve(cwd, 'conf/vigil.yaml'),
      kiosk: false
    })
    expect(parseLaunchOptions(['--data-dir=/var/lib/vigil', '--config=/etc/vigil.yaml', '--kiosk'], userData, {}, cwd)).toEqual({
      dataDir: '/var/lib/vigil',
      configPath: '/etc/vigil.yaml',
      kiosk: true
    })
  })

  it('uses $VIGIL_DATA_DIR (shared with vigil serve) unless --data-dir is given', () => {
    expect(parseLaunchOptions([], userData, { VIGIL_DATA_DIR: '/data/vigil' }, cwd).dataDir).toBe('/data/vigil')
    expect(parseLaunchOptions(['--data-dir', '/x'], userData, { VIGIL_DATA_DIR: '/data/vigil' }, cwd).dataDir).toBe('/x')
  })

  it('says which flag lacks its value', () => {
    expect(() => parseLaunchOptions(['--config'], userData, {}, cwd)).toThrow('--config needs a value (e.g. --config FILE)')
    expect(() => parseLaunchOptions(['--data-dir', '--kiosk'], userData, {}, cwd)).toThrow('--data-dir needs a value (e.g. --data-dir DIR)')
    expect(() => parseLaunchOptions(['--config='], userData, {}, cwd)).toThrow('--config= needs a value')
  })

  it('takes --archive FILE (review mode) in both spellings, relative to the working folder', () => {
    expect(parseLaunchOptions(['.', '--archive', 'q1.vigil'], userData, {}, cwd)).toEqual({ dataDir: userData, kiosk: false, archivePath: resolve(cwd, 'q1.vigil') })
    expect(parseLaunchOptions(['--archive=/audit/q1.vigil'], userData, {}, cwd).archivePath).toBe('/audit/q1.vigil')
    expect(() => parseLaunchOptions(['--archive'], userData, {}, cwd)).toThrow('--archive needs a value (e.g. --archive FILE)')
    expect(() => parseLaunchOptions(['--archive', '--kiosk'], userData, {}, cwd)).toThrow('--archive needs a value')
  })

  it('relaunches with the current arguments and the new archive, dropping an earlier one', () => {
    expect(relaunchArgs(['.', '--data-dir', '/d'], '/a/new.vigil')).toEqual(['.', '--data-dir', '/d', '--archive', '/a/new.vigil'])
    expect(relaunchArgs(['.', '--archive', '/a/old.vigil', '--kiosk', '--archive=/a/older.vigil'], '/a/new.vigil')).toEqual(['.', '--kiosk', '--archive', '/a/new.vigil'])
  })
})
