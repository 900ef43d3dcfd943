import { describe, expect, it } from 'vitest'
import type { NotificationEvent } from '@shared/types'
import { requests } from '@shared/api'
import { EventBus } from './event-bus'
import { createNotificationsApi } from './notifications-api'

describe('createNotificationsApi', () => {
  it('emits one notification event per call and returns it', async () => {
    const bus = new EventBus()
    const seen: NotificationEvent[] = []
    bus.on('notification', (n) => seen.push(n))
    const api = createNotificationsApi({ bus, now: () => 1_700_000_000_000 })
    const sent = await api.sendTestNotification({ severity: 'warning' })
    expect(seen).toEqual([sent])
    expect(sent).toMatchObject({ severity: 'warning', route: null, sound: false, ts: 1_700_000_000_000 })
    expect(sent.title).toContain('test notification')
    expect(sent.body).not.toBe('')
  })

  it('makes a critical test notice audible and gives every notice its own id', async () => {
    const bus = new EventBus()
    const api = createNotificationsApi({ bus, now: () => 5 })
    const a = await api.sendTestNotification({ severity: 'critical' })
    const b = await api.sendTestNotification({ severity: 'critical' })
    expect(a.sound).toBe(true)
    expect(a.id).not.toBe(b.id)
  })

  it('defaults to info, as the contract does for a call without arguments', async () => {
    const api = createNotificationsApi({ bus: new EventBus(), now: () => 5 })
    const args = requests.sendTestNotification.args.parse({})
    expect(args).toEqual({ severity: 'info' })
    expect((await api.sendTestNotification(args)).severity).toBe('info')
    expect((await api.sendTestNotification(undefined as never)).severity).toBe('info')
  })
})
