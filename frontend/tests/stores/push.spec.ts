import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { PUSH_OWNER_KEY, PUSH_TEXT, SOUND_KEY, usePushStore } from '@/stores/push'

import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'
import { installFakeBrowser, vapidKey, type FakeBrowser } from '../helpers/webPush'

/*
 * A real `pushManager.subscribe` needs the browser's push service (Google's,
 * for Chromium), which cannot be reached from the test machines: the browser
 * here is a fake (helpers/webPush), and so is its push service.
 */

const KEY = vapidKey(7)

function serveServer(over: Record<string, () => Response> = {}) {
  return serveRoutes({
    'GET /api/v1/push/vapid-key': () => json(200, { public_key: KEY.text }),
    'POST /api/v1/push/subscriptions': () => json(201, { id: 's1', endpoint: 'x', created_at: '2024-06-01T12:00:00Z' }),
    'DELETE /api/v1/push/subscriptions': () => json(204),
    ...over,
  })
}

let browser: FakeBrowser | undefined

describe('push store', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })
  afterEach(() => browser?.remove())

  it('turns push on: asks, registers the worker, subscribes with the server’s key and hands it over', async () => {
    browser = installFakeBrowser({ permission: 'default', answer: 'granted' })
    const requests = serveServer()
    const push = usePushStore()
    expect(push.supported).toBe(true)

    await push.enable()

    expect(browser.Notification.requestPermission).toHaveBeenCalledOnce()
    expect(browser.serviceWorker.register).toHaveBeenCalledWith('/sw.js', { scope: '/' })
    const options = browser.pushManager.subscribe.mock.calls[0]![0]
    expect(options.userVisibleOnly).toBe(true)
    expect([...options.applicationServerKey]).toEqual([...KEY.bytes])
    expect(requests.map(route)).toEqual(['GET /api/v1/push/vapid-key', 'POST /api/v1/push/subscriptions'])
    expect(requests[1]!.body).toEqual({
      endpoint: 'https://push.example/send/1',
      keys: { p256dh: 'BP256dh', auth: 'authsecret' },
    })
    expect(push.subscribed).toBe(true)
    expect(push.permission).toBe('granted')
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBe(alice.id)
  })

  it('a push service out of reach: says so plainly, hands nothing to the server, stays off', async () => {
    browser = installFakeBrowser({ permission: 'granted' })
    browser.pushManager.subscribeError = new DOMException('Registration failed - push service not available', 'AbortError')
    const requests = serveServer()
    const push = usePushStore()

    await expect(push.enable()).rejects.toThrow(PUSH_TEXT.pushService)
    expect(requests.map(route)).toEqual(['GET /api/v1/push/vapid-key'])
    expect(push.subscribed).toBe(false)
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull()
  })

  it('blocked or dismissed notifications stop before anything is registered', async () => {
    browser = installFakeBrowser({ permission: 'denied' })
    const requests = serveServer()
    await expect(usePushStore().enable()).rejects.toThrow(PUSH_TEXT.blocked)
    expect(browser.Notification.requestPermission).not.toHaveBeenCalled()

    browser.remove()
    browser = installFakeBrowser({ permission: 'default', answer: 'default' })
    setActivePinia(createPinia())
    await expect(usePushStore().enable()).rejects.toThrow(PUSH_TEXT.notAllowed)
    expect(browser.serviceWorker.register).not.toHaveBeenCalled()
    expect(requests).toEqual([])
  })

  it('a server without a VAPID key (403 push_disabled) says so', async () => {
    browser = installFakeBrowser({ permission: 'granted' })
    serveServer({ 'GET /api/v1/push/vapid-key': () => errorEnvelope(403, 'push_disabled', 'push is not configured') })
    await expect(usePushStore().enable()).rejects.toThrow(PUSH_TEXT.serverOff)
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled()
  })

  it('a subscription the server refuses is dropped in the browser too', async () => {
    browser = installFakeBrowser({ permission: 'granted' })
    serveServer({ 'POST /api/v1/push/subscriptions': () => errorEnvelope(400, 'invalid_body', 'bad keys') })
    await expect(usePushStore().enable()).rejects.toMatchObject({ code: 'invalid_body' })
    expect(browser.pushManager.current).toBeNull()
  })

  it('is not offered by a browser without Push', () => {
    const push = usePushStore()
    expect(push.supported).toBe(false)
    return expect(push.enable()).rejects.toThrow(PUSH_TEXT.unsupported)
  })

  it('turns push off: the server forgets the endpoint, then the browser unsubscribes', async () => {
    browser = installFakeBrowser({ permission: 'granted' })
    const requests = serveServer()
    const push = usePushStore()
    await push.enable()
    const sub = browser.pushManager.current!

    await push.disable()
    expect(requests.map(route).at(-1)).toBe('DELETE /api/v1/push/subscriptions')
    expect(requests.at(-1)!.body).toEqual({ endpoint: sub.endpoint })
    expect(sub.unsubscribed).toBe(true)
    expect(push.subscribed).toBe(false)
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull()
  })

  it('at start hands this user’s subscription to the new login, subscribing again for a new server key', async () => {
    browser = installFakeBrowser({ permission: 'granted', registered: true })
    const old = vapidKey(3)
    await browser.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: old.bytes })
    const first = browser.pushManager.current!
    localStorage.setItem(PUSH_OWNER_KEY, alice.id)
    const requests = serveServer()
    const push = usePushStore()

    await push.sync()
    expect(first.unsubscribed).toBe(true)
    expect(browser.pushManager.current?.endpoint).toBe('https://push.example/send/2')
    expect(requests.map(route)).toEqual(['GET /api/v1/push/vapid-key', 'POST /api/v1/push/subscriptions'])
    expect(push.subscribed).toBe(true)

    // The same key next time: handed over as it is.
    await push.sync()
    expect(browser.pushManager.subscribe).toHaveBeenCalledTimes(2)
    expect(requests).toHaveLength(4)
  })

  it('at start drops another account’s subscription, and one left without permission', async () => {
    browser = installFakeBrowser({ permission: 'granted', registered: true })
    await browser.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: KEY.bytes })
    const theirs = browser.pushManager.current!
    localStorage.setItem(PUSH_OWNER_KEY, 'someone-else')
    const requests = serveServer()
    const push = usePushStore()

    await push.sync()
    expect(theirs.unsubscribed).toBe(true)
    expect(push.subscribed).toBe(false)
    expect(requests).toEqual([])
  })

  it('at start while offline keeps the subscription for the next start', async () => {
    browser = installFakeBrowser({ permission: 'granted', registered: true })
    await browser.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: KEY.bytes })
    localStorage.setItem(PUSH_OWNER_KEY, alice.id)
    serveServer({
      'GET /api/v1/push/vapid-key': () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const push = usePushStore()
    await push.sync()
    expect(push.subscribed).toBe(true)
    expect(browser.pushManager.current?.unsubscribed).toBe(false)
  })

  it('keeps the sound switch in this browser', () => {
    const push = usePushStore()
    expect(push.soundOn).toBe(true)
    push.setSound(false)
    expect(localStorage.getItem(SOUND_KEY)).toBe('off')
    setActivePinia(createPinia())
    expect(usePushStore().soundOn).toBe(false)
  })
})
