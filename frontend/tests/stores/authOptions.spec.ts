import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useAuthOptionsStore } from '@/stores/authOptions'

import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('auth options store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('asks the server once, without a token, however many screens want it', async () => {
    const requests = serveRoutes({
      'GET /api/v1/auth/options': () => json(200, { email: true, email_verification_required: true, oidc: false }),
    })
    const store = useAuthOptionsStore()
    await Promise.all([store.load(), store.load()])
    await store.load()

    expect(requests.map(route)).toEqual(['GET /api/v1/auth/options'])
    expect(requests[0]!.headers['authorization']).toBeUndefined()
    expect(store.mailEnabled).toBe(true)
    expect(store.emailRequired).toBe(true)
  })

  it('assumes the least while it cannot tell, and asks again next time', async () => {
    let up = false
    const requests = serveRoutes({
      'GET /api/v1/auth/options': () =>
        up ? json(200, { email: true, email_verification_required: false, oidc: false }) : errorEnvelope(503, 'unavailable', 'Later.'),
    })
    const store = useAuthOptionsStore()
    await expect(store.load()).resolves.toBeNull()
    expect(store.mailEnabled).toBe(false)
    expect(store.emailRequired).toBe(false)

    up = true
    await store.load()
    expect(store.mailEnabled).toBe(true)
    expect(requests).toHaveLength(2)
  })
})
