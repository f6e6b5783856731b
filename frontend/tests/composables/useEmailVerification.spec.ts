import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'

import type { User } from '@/api/types'
import { useEmailVerification } from '@/composables/useEmailVerification'
import { useAuthStore } from '@/stores/auth'

import { alice, storeSession } from '../helpers/fixtures'
import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes, type RouteHandler } from '../helpers/routes'

const unconfirmed: User = { ...alice, email: 'alice@example.com', email_verified_at: null }

function serve(mail: boolean, resend: RouteHandler = () => json(202)) {
  return serveRoutes({
    'GET /api/v1/auth/options': () => json(200, { email: mail, email_verification_required: false, oidc: false }),
    'POST /api/v1/users/me/email/verification': resend,
    'GET /api/v1/users/me': () => json(200, { ...unconfirmed, email_verified_at: '2024-06-01T10:00:00Z' }),
  })
}

async function setup(user: User = unconfirmed) {
  storeSession('a1', 'r1', user)
  let v!: ReturnType<typeof useEmailVerification>
  const Host = defineComponent({
    setup() {
      v = useEmailVerification()
      return () => null
    },
  })
  mount(Host)
  await flushPromises()
  return v
}

describe('useEmailVerification', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    setActivePinia(createPinia())
  })

  it('asks for confirmation of an unconfirmed email when the server sends mail', async () => {
    serve(true)
    const v = await setup()
    expect(v.awaitingConfirmation.value).toBe(true)
    expect(v.bannerVisible.value).toBe(true)
  })

  it('does not when the server sends no mail, when confirmed, or without an email', async () => {
    serve(false)
    expect((await setup()).bannerVisible.value).toBe(false)
    setActivePinia(createPinia())
    serve(true)
    expect((await setup({ ...unconfirmed, email_verified_at: '2024-06-01T10:00:00Z' })).bannerVisible.value).toBe(false)
    setActivePinia(createPinia())
    expect((await setup(alice)).bannerVisible.value).toBe(false)
  })

  it('a dismissal lasts for the tab, for that address only', async () => {
    serve(true)
    const v = await setup()
    const auth = useAuthStore()
    v.dismiss()
    expect(v.bannerVisible.value).toBe(false)
    expect(v.awaitingConfirmation.value).toBe(true)

    // A new address asks again.
    auth.user!.email = 'new@example.com'
    expect(v.bannerVisible.value).toBe(true)
    auth.user!.email = 'alice@example.com'

    // Another page load of the same tab: still dismissed.
    setActivePinia(createPinia())
    expect((await setup()).bannerVisible.value).toBe(false)
  })

  it('resends the link and says where it went', async () => {
    const requests = serve(true)
    const v = await setup()
    await expect(v.resend()).resolves.toBe(true)
    expect(requests.map(route)).toContain('POST /api/v1/users/me/email/verification')
    expect(v.sentTo.value).toBe('alice@example.com')
    expect(v.error.value).toBeNull()
  })

  it('says how long to wait when asked too often', async () => {
    serve(true, () => errorEnvelope(429, 'rate_limited', 'Slow down.', { 'Retry-After': '42' }))
    const v = await setup()
    await expect(v.resend()).resolves.toBe(false)
    expect(v.error.value).toBe('A link was sent recently. Try again in 42 seconds.')
  })

  it('already confirmed elsewhere: reloads the profile, and the prompt goes', async () => {
    serve(true, () => errorEnvelope(409, 'email_already_verified', 'Already.'))
    const v = await setup()
    await v.resend()
    expect(v.error.value).toBeNull()
    expect(v.verified.value).toBe(true)
    expect(v.bannerVisible.value).toBe(false)
  })
})
