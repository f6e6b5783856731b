import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { User } from '@/api/types'
import { PUSH_TEXT, SOUND_KEY } from '@/stores/push'
import { browserTimeZone } from '@/utils/notifyRules'

import { mountApp, serveApp } from '../helpers/app'
import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json, type RecordedRequest } from '../helpers/http'
import { installFakeBrowser, vapidKey, type FakeBrowser } from '../helpers/webPush'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const T0 = new Date(2024, 5, 1, 21, 15).getTime()

/** The server: PATCH /users/me answers the user with the change made. */
function serveUser(over: (req: RecordedRequest) => Response | undefined = () => undefined) {
  let user: User = { ...alice }
  return serveApp((req) => {
    const special = over(req)
    if (special) return special
    if (req.method === 'PATCH' && req.url === '/api/v1/users/me') {
      user = { ...user, ...(req.body as Partial<User>) }
      return json(200, user)
    }
    return json(200, user)
  })
}

const patches = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'PATCH').map((r) => r.body)

let wrapper: VueWrapper | undefined
let browser: FakeBrowser | undefined

describe('Settings → Notifications', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(T0)
  })
  afterEach(() => {
    wrapper?.unmount()
    browser?.remove()
    browser = undefined
    vi.useRealTimers()
  })

  function section() {
    return wrapper!.get('section[aria-labelledby="notifications-title"]')
  }

  it('turns message text in notifications on (push_previews), and the sound off for this browser', async () => {
    const requests = serveUser()
    ;({ wrapper } = await mountApp('/settings'))
    await section().get('[data-push-previews-toggle]').setValue(true)
    await flushPromises()
    expect(patches(requests)).toEqual([{ push_previews: true }])

    const sound = section().get('[data-sound-toggle]')
    expect((sound.element as HTMLInputElement).checked).toBe(true)
    await sound.setValue(false)
    expect(localStorage.getItem(SOUND_KEY)).toBe('off')
  })

  it('do not disturb for an hour, until tomorrow 8:00, and off again', async () => {
    const requests = serveUser()
    ;({ wrapper } = await mountApp('/settings'))
    const dnd = section().get('[data-dnd]')
    expect(dnd.get('[data-dnd-status]').text()).toBe('Now: Off.')

    await dnd.findAll('button').find((b) => b.text() === 'For 1 hour')!.trigger('click')
    await flushPromises()
    expect(patches(requests).at(-1)).toEqual({
      do_not_disturb: { until: new Date(T0 + 3_600_000).toISOString(), quiet_hours: null },
    })
    expect(dnd.get('[data-dnd-status]').text()).toMatch(/^Now: On until /)

    // The hour as the browser's English writes it: "8:00 AM" (en-US), "08:00" (en-GB).
    await dnd.findAll('button').find((b) => /^Until tomorrow 0?8:00( AM)?$/.test(b.text()))!.trigger('click')
    await flushPromises()
    expect(patches(requests).at(-1)).toEqual({
      do_not_disturb: { until: new Date(2024, 5, 2, 8, 0).toISOString(), quiet_hours: null },
    })

    await dnd.findAll('button').find((b) => b.text() === 'Turn off')!.trigger('click')
    await flushPromises()
    expect(patches(requests).at(-1)).toEqual({ do_not_disturb: { until: null, quiet_hours: null } })
  })

  it('saves quiet hours in this browser’s time zone, keeping the until; equal times are refused here', async () => {
    const requests = serveUser()
    ;({ wrapper } = await mountApp('/settings'))
    const dnd = section().get('[data-dnd]')
    await dnd.get('[data-quiet-toggle]').setValue(true)
    expect(dnd.text()).toContain(browserTimeZone())
    await dnd.get('[data-quiet-start]').setValue('21:00')
    await dnd.get('[data-quiet-end]').setValue('21:00')
    await dnd.get('[data-quiet-save]').trigger('click')
    await flushPromises()
    expect(patches(requests)).toEqual([])
    expect(dnd.get('[role="alert"]').text()).toMatch(/another time/)

    await dnd.get('[data-quiet-end]').setValue('06:30')
    await dnd.get('[data-quiet-save]').trigger('click')
    await flushPromises()
    expect(patches(requests)).toEqual([
      { do_not_disturb: { until: null, quiet_hours: { start: '21:00', end: '06:30', time_zone: browserTimeZone() } } },
    ])
    // 21:15 on this browser's clock is inside 21:00–06:30.
    expect(dnd.get('[data-dnd-status]').text()).toBe('Now: On: quiet hours.')

    await dnd.get('[data-quiet-toggle]').setValue(false)
    await dnd.get('[data-quiet-save]').trigger('click')
    await flushPromises()
    expect(patches(requests).at(-1)).toEqual({ do_not_disturb: { until: null, quiet_hours: null } })
  })

  it('offers no push switch in a browser without Push', async () => {
    serveUser()
    ;({ wrapper } = await mountApp('/settings'))
    const toggle = section().get('[data-push-toggle]')
    expect(toggle.attributes('disabled')).toBeDefined()
    expect(section().text()).toContain(PUSH_TEXT.unsupported)
  })

  it('turns push on; a push service out of reach puts the switch back and says so', async () => {
    browser = installFakeBrowser({ permission: 'default', answer: 'granted' })
    const key = vapidKey(9)
    const requests = serveUser((req) => {
      if (req.url === '/api/v1/push/vapid-key') return json(200, { public_key: key.text })
      if (req.url === '/api/v1/push/subscriptions') return req.method === 'POST' ? json(201, {}) : json(204)
      return undefined
    })
    browser.pushManager.subscribeError = new DOMException('Registration failed - push service error', 'AbortError')
    ;({ wrapper } = await mountApp('/settings'))
    const toggle = section().get('[data-push-toggle]')
    await toggle.setValue(true)
    await flushPromises()
    expect((toggle.element as HTMLInputElement).checked).toBe(false)
    expect(section().get('[data-push-error]').text()).toBe(PUSH_TEXT.pushService)

    // Reachable now.
    browser.pushManager.subscribeError = null
    await toggle.setValue(true)
    await flushPromises()
    expect((toggle.element as HTMLInputElement).checked).toBe(true)
    expect(requests.some((r) => r.method === 'POST' && r.url === '/api/v1/push/subscriptions')).toBe(true)

    await toggle.setValue(false)
    await flushPromises()
    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/v1/push/subscriptions' })
    expect(browser.pushManager.current).toBeNull()
  })

  it('a refused previews change goes back', async () => {
    serveUser((req) => (req.method === 'PATCH' ? errorEnvelope(500, 'internal_error', 'boom') : undefined))
    ;({ wrapper } = await mountApp('/settings'))
    const toggle = section().get('[data-push-previews-toggle]')
    await toggle.setValue(true)
    await flushPromises()
    expect((toggle.element as HTMLInputElement).checked).toBe(false)
  })
})
