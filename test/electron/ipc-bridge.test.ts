import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { eventNames, ipcEventChannel, ipcRequestChannel, requestNames, type ArgsOf, type ResultOf, type VigilApi } from '../../src/shared/api'
import type { Annotation } from '../../src/shared/annotations'
import type { AppInfo, NotificationEvent, SamplesEvent } from '../../src/shared/types'
import { EventBus } from '../../src/main/engine/event-bus'

vi.mock('electron', () => import('./fake-electron'))

const fake = await import('./fake-electron')
const { registerIpcBridge } = await import('../../src/main/electron/ipc-bridge')

const appInfo: AppInfo = { version: '1.2.3', mode: 'live', configPath: '/d/vigil.yaml', configError: null, dataDir: '/d', now: 1_700_000_000_000 }
const annotation: Annotation = {
  id: 'a1',
  kind: 'deployment',
  ts: 1_700_000_000_000,
  endTs: null,
  title: 'api v2 deployed',
  text: null,
  series: [],
  labels: {},
  source: 'user'
}
const notification: NotificationEvent = { id: 'n1', severity: 'info', title: 'Test', body: 'It works', route: null, sound: false, ts: 1_700_000_000_000 }

/** An engine API written as a class, to check methods keep their `this`. */
class FakeApi implements VigilApi {
  readonly calls: Array<[string, unknown]> = []
  private record(name: string, args: unknown): void {
    this.calls.push([name, args])
  }
  async getAppInfo(args: object) {
    this.record('getAppInfo', args)
    return appInfo
  }
  async getHealth(args: object) {
    this.record('getHealth', args)
    return { status: 'ok' as const, version: '1.2.3', sources: [] }
  }
  async listSeries(args: { match?: string }) {
    this.record('listSeries', args)
    return [{ name: 'cpu', labels: {}, unit: null, source: 'demo' }]
  }
  async queryRange(args: { series: string; from: number; to: number }) {
    this.record('queryRange', args)
    return { series: args.series, points: [[args.from, 1]] as [number, number][] }
  }
  async latest(args: { series: string }) {
    this.record('latest', args)
    if (args.series === 'boom') throw new Error('store is closed')
    return []
  }
  async queryGrouped(args: ArgsOf<'queryGrouped'>) {
    this.record('queryGrouped', args)
    return { series: args.series, by: args.by, groups: [{ value: 'a', points: [[args.from, 2]] as [number, number][] }] }
  }
  async getViews(args: object) {
    this.record('getViews', args)
    return { views: [], wallboard: { playlist: [], intervalMs: 30_000, staleAfterMs: 120_000 } }
  }
  async getKpis(args: ArgsOf<'getKpis'>) {
    this.record('getKpis', args)
    return []
  }
  async getMilestones(args: object) {
    this.record('getMilestones', args)
    return {
      programme: { name: 'AI', start: null },
      total: 0,
      completedPct: 0,
      onTrackPct: 0,
      atRiskPct: 0,
      delayedPct: 0,
      counts: { completed: 0, on_track: 0, at_risk: 0, delayed: 0 },
      next: null,
      milestones: [],
      error: null
    }
  }
  async listAnnotations(args: ArgsOf<'listAnnotations'>) {
    this.record('listAnnotations', args)
    return [annotation]
  }
  async addAnnotation(args: ArgsOf<'addAnnotation'>) {
    this.record('addAnnotation', args)
    return { ...annotation, kind: args.kind, ts: args.ts, title: args.title }
  }
  async sendTestNotification(args: ArgsOf<'sendTestNotification'>) {
    this.record('sendTestNotification', args)
    return notification
  }
  async listAlerts(args: object) {
    this.record('listAlerts', args)
    return { now: 1, enabled: true, evaluationIntervalMs: 15_000, alerts: [], groups: [], rules: [], activeSilences: 0 }
  }
  async getAlertHistory(args: ArgsOf<'getAlertHistory'>) {
    this.record('getAlertHistory', args)
    return []
  }
  async acknowledgeAlert(args: ArgsOf<'acknowledgeAlert'>) {
    this.record('acknowledgeAlert', args)
    return { groups: ['g'], ack: { by: args.by, at: 1, comment: args.comment ?? null, expiresAt: null } }
  }
  async listSilences(args: object) {
    this.record('listSilences', args)
    return []
  }
  async addSilence(args: ArgsOf<'addSilence'>) {
    this.record('addSilence', args)
    const matchers = args.matchers.map((m) => ({ name: m.name, op: m.op ?? ('=' as const), value: m.value }))
    return { id: 's1', matchers, startsAt: args.startsAt ?? 1, endsAt: args.endsAt, createdBy: args.createdBy, comment: args.comment, createdAt: 1 }
  }
  async expireSilence(args: ArgsOf<'expireSilence'>) {
    this.record('expireSilence', args)
    return { id: args.id, matchers: [], startsAt: 1, endsAt: 2, createdBy: 'x', comment: '', createdAt: 1, active: false }
  }
  async listNotifications(args: ArgsOf<'listNotifications'>) {
    this.record('listNotifications', args)
    return []
  }
  async markAlertNoise(args: ArgsOf<'markAlertNoise'>) {
    this.record('markAlertNoise', args)
    return { alertId: args.id, episode: 1, rule: 'r', severity: 'critical' as const, noise: args.noise, by: args.by, at: 2 }
  }
  async getAlertQuality(args: ArgsOf<'getAlertQuality'>) {
    this.record('getAlertQuality', args)
    return { from: args.from, to: args.to, rules: [], critical: { firings: 0, noise: 0, falsePositiveRatePct: null, goalPct: 2, meetsGoal: null } }
  }
  async getForecast(args: ArgsOf<'getForecast'>) {
    this.record('getForecast', args)
    return { target: { kind: 'kpi' as const, kpi: args.kpi ?? '' }, model: 'naive', stepMs: 3_600_000, history: [], ts: [1], mean: [1], bands: [], crossing: null, generatedAt: 1, note: '' }
  }
  async getAnomalies(args: ArgsOf<'getAnomalies'>) {
    this.record('getAnomalies', args)
    return { series: args.series, stepMs: 60_000, minScore: 0.9, periods: [], latest: [] }
  }
  async getBusinessForecasts(args: object) {
    this.record('getBusinessForecasts', args)
    const none = { result: null, error: 'no data' }
    return { generatedAt: 1, roi: { ...none, targetPercent: null }, adoption: { ...none, targetPercent: null, trainingCompletionPercent: null }, savings: none, capacity: [] }
  }
  async getRecommendations(args: ArgsOf<'getRecommendations'>) {
    this.record('getRecommendations', args)
    return []
  }
  async listModels(args: object) {
    this.record('listModels', args)
    return []
  }
  async getModelQuality(args: ArgsOf<'getModelQuality'>): Promise<ResultOf<'getModelQuality'>> {
    this.record('getModelQuality', args)
    throw new Error(`no predictions for model "${args.model}"`)
  }
  async exportArchive(args: ArgsOf<'exportArchive'>) {
    this.record('exportArchive', args)
    return { path: `/data/exports/${args.name ?? 'x.vigil'}`, bytes: 1, from: args.from, to: args.to, members: 1, samples: 0, signed: false }
  }
  async getModelDrift(args: ArgsOf<'getModelDrift'>): Promise<ResultOf<'getModelDrift'>> {
    this.record('getModelDrift', args)
    throw new Error(`no predictions for model "${args.model}"`)
  }
}

let win: InstanceType<typeof fake.BrowserWindow>
let api: FakeApi
let bus: EventBus
let bridge: ReturnType<typeof registerIpcBridge>

/** What Electron passes as the invoke event: the sending web contents and its (top-level) frame. */
function eventFrom(contents: { id: number }, frameUrl: string | null = 'app://vigil/index.html', frame: { origin?: string; parent?: unknown } = {}) {
  return {
    sender: contents,
    senderFrame: frameUrl === null ? null : { url: frameUrl, origin: frame.origin ?? webOrigin(frameUrl), parent: frame.parent ?? null }
  }
}

/** The origin Chromium gives a URL (Node's URL says "null" for app:, which Electron registers as a standard scheme). */
function webOrigin(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null
  if (!parsed) return 'null'
  return parsed.protocol === 'app:' ? `app://${parsed.host}` : parsed.origin
}

beforeEach(() => {
  win = new fake.BrowserWindow({})
  api = new FakeApi()
  bus = new EventBus()
  bridge = registerIpcBridge({ api, bus }, win as never)
})

afterEach(() => {
  bridge.unregister()
})

describe('IPC bridge: requests', () => {
  it('registers exactly one handler per contract request and nothing else', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(requestNames.map(ipcRequestChannel).sort())
  })

  it('passes valid arguments to engine.api and returns its result', async () => {
    const args = { series: 'cpu', from: 1000, to: 2000, agg: 'avg' }
    const result = await fake.ipcMain.invoke(ipcRequestChannel('queryRange'), eventFrom(win.webContents), args)
    expect(result).toEqual({ series: 'cpu', points: [[1000, 1]] })
    expect(api.calls).toEqual([['queryRange', args]])
  })

  it('treats a missing argument as {} for argument-less requests', async () => {
    await expect(fake.ipcMain.invoke(ipcRequestChannel('getAppInfo'), eventFrom(win.webContents))).resolves.toEqual(appInfo)
    expect(api.calls).toEqual([['getAppInfo', {}]])
  })

  it('refuses a call from another web contents', async () => {
    const other = new fake.FakeWebContents()
    await expect(fake.ipcMain.invoke(ipcRequestChannel('getAppInfo'), eventFrom(other), {})).rejects.toThrow('IPC from untrusted sender')
    expect(api.calls).toEqual([])
  })

  it.each(['https://evil.example/', 'file:///tmp/x.html', 'app://evil/index.html', 'http://127.0.0.1:5173/'])(
    'refuses a call from a frame at %s even inside the app window',
    async (url) => {
      await expect(fake.ipcMain.invoke(ipcRequestChannel('getHealth'), eventFrom(win.webContents, url), {})).rejects.toThrow(
        'IPC from untrusted sender'
      )
      expect(api.calls).toEqual([])
    }
  )

  it('refuses a call from an app URL whose origin is not the app (sandboxed or opaque document)', async () => {
    for (const origin of ['null', 'app://evil', 'https://evil.example']) {
      await expect(fake.ipcMain.invoke(ipcRequestChannel('getHealth'), eventFrom(win.webContents, 'app://vigil/index.html', { origin }), {})).rejects.toThrow(
        'IPC from untrusted sender'
      )
    }
    expect(api.calls).toEqual([])
  })

  it('refuses a call from a subframe, even one on the app origin', async () => {
    const parent = { url: 'app://vigil/index.html', origin: 'app://vigil', parent: null }
    await expect(fake.ipcMain.invoke(ipcRequestChannel('getHealth'), eventFrom(win.webContents, 'app://vigil/index.html', { parent }), {})).rejects.toThrow(
      'IPC from untrusted sender'
    )
    expect(api.calls).toEqual([])
  })

  it('checks the sender on every contract channel before looking at the arguments', async () => {
    const other = new fake.FakeWebContents()
    for (const name of requestNames) {
      await expect(fake.ipcMain.invoke(ipcRequestChannel(name), eventFrom(other), {}), name).rejects.toThrow('IPC from untrusted sender')
      await expect(fake.ipcMain.invoke(ipcRequestChannel(name), eventFrom(win.webContents, 'https://evil.example/'), { bad: 1 }), name).rejects.toThrow(
        'IPC from untrusted sender'
      )
    }
    expect(api.calls).toEqual([])
  })

  it('refuses a call whose frame is gone', async () => {
    await expect(fake.ipcMain.invoke(ipcRequestChannel('getHealth'), eventFrom(win.webContents, null), {})).rejects.toThrow(
      'IPC from untrusted sender'
    )
  })

  it('refuses calls once the window is destroyed', async () => {
    const contents = win.webContents
    win.destroyed = true
    await expect(fake.ipcMain.invoke(ipcRequestChannel('getHealth'), eventFrom(contents), {})).rejects.toThrow('IPC from untrusted sender')
  })

  it('refuses invalid arguments with a message naming the method and argument path', async () => {
    const call = (name: (typeof requestNames)[number], arg: unknown) =>
      fake.ipcMain.invoke(ipcRequestChannel(name), eventFrom(win.webContents), arg)

    await expect(call('queryRange', { series: 'cpu', from: 2000, to: 1000 })).rejects.toThrow(/^queryRange: invalid argument: to: /)
    await expect(call('listSeries', { match: 42 })).rejects.toThrow(/^listSeries: invalid argument: match: .*string/i)
    await expect(call('latest', { series: '' })).rejects.toThrow(/^latest: invalid argument: series: /)
    await expect(call('queryRange', { series: 'cpu', from: 1, to: 2, labels: { env: 3 } })).rejects.toThrow(
      /^queryRange: invalid argument: labels\.env: /
    )
    await expect(call('getAppInfo', { sneaky: true })).rejects.toThrow(/^getAppInfo: invalid argument: \(arguments\): .*sneaky/)
    await expect(call('latest', 'cpu')).rejects.toThrow(/^latest: invalid argument: \(arguments\): /)
    expect(api.calls).toEqual([])
  })

  it('validates and passes on the annotation, grouped-query and KPI requests', async () => {
    const call = (name: (typeof requestNames)[number], arg: unknown) => fake.ipcMain.invoke(ipcRequestChannel(name), eventFrom(win.webContents), arg)
    await expect(call('addAnnotation', { kind: 'deployment', ts: 10, endTs: 5, title: 'x' })).rejects.toThrow(/^addAnnotation: invalid argument: endTs: /)
    await expect(call('listAnnotations', { from: 0, to: 10, kinds: ['outage'] })).rejects.toThrow(/^listAnnotations: invalid argument: kinds\.0: /)
    await expect(call('queryGrouped', { series: 'x', from: 0, to: 10 })).rejects.toThrow(/^queryGrouped: invalid argument: by: /)
    expect(api.calls).toEqual([])
    const added = await call('addAnnotation', { kind: 'note', ts: 20, title: 'hello' })
    expect(added).toEqual({ ...annotation, kind: 'note', ts: 20, title: 'hello' })
    expect(await call('sendTestNotification', {})).toEqual(notification)
    expect(api.calls).toEqual([
      ['addAnnotation', { kind: 'note', ts: 20, title: 'hello' }],
      ['sendTestNotification', { severity: 'info' }]
    ])
  })

  it('passes the engine’s own error message through', async () => {
    await expect(fake.ipcMain.invoke(ipcRequestChannel('latest'), eventFrom(win.webContents), { series: 'boom' })).rejects.toThrow(
      'store is closed'
    )
  })

  it('unregister removes every handler, so a new bridge can be registered', () => {
    bridge.unregister()
    expect(fake.ipcMain.handlers.size).toBe(0)
    bridge = registerIpcBridge({ api, bus }, new fake.BrowserWindow({}) as never)
    expect(fake.ipcMain.handlers.size).toBe(requestNames.length)
  })
})

describe('IPC bridge: events', () => {
  it('forwards every bus event to the window on its contract channel, payload only', () => {
    const payloads = {
      samples: { source: 'demo', series: ['cpu'], count: 3, maxTs: 5 } satisfies SamplesEvent,
      sourceState: { id: 'demo', kind: 'demo', state: 'ok' as const, lastSuccessAt: 1, lastError: null, samples: 3 },
      config: { ok: false, error: 'vigil.yaml: sources[0].url: expected a URL', configPath: '/d/vigil.yaml' },
      annotation,
      notification,
      alerts: { at: 5, reason: 'evaluation' as const, firing: 1, pending: 0, criticalUnacknowledged: 1 }
    }
    expect(Object.keys(payloads).sort()).toEqual([...eventNames].sort())
    for (const name of eventNames) bus.emit(name, payloads[name] as never)
    expect(win.webContents.sent).toEqual(eventNames.map((name) => [ipcEventChannel(name), payloads[name]]))
  })

  it('unsubscribes from the bus when the window closes', () => {
    win.close()
    // Were the subscription still there, a (hypothetically) live web contents would receive this.
    win.webContents.destroyed = false
    bus.emit('samples', { source: 'demo', series: [], count: 0, maxTs: 0 })
    expect(win.webContents.sent).toEqual([])
  })

  it('does not send to a destroyed web contents', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    win.webContents.destroyed = true
    bus.emit('samples', { source: 'demo', series: [], count: 0, maxTs: 0 })
    expect(log).not.toHaveBeenCalled()
    log.mockRestore()
  })

  it('stops forwarding after unregister', () => {
    bridge.unregister()
    bus.emit('samples', { source: 'demo', series: [], count: 0, maxTs: 0 })
    expect(win.webContents.sent).toEqual([])
  })
})
