import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useAccessTokensStore } from '@/stores/accessTokens'

import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const token = (id: string, name: string) => ({
  id,
  name,
  scopes: ['read'],
  created_at: '2024-06-01T10:00:00Z',
  expires_at: null,
  last_used_at: null,
})

describe('access tokens store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('loads the list, puts a created token first, and hands its secret back without keeping it', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/me/tokens': () => json(200, { items: [token('t1', 'backup')] }),
      'POST /api/v1/users/me/tokens': () => json(201, { token: token('t2', 'bot'), secret: 'confab_pat_s3cret' }),
    })
    const store = useAccessTokensStore()
    await store.load()
    expect(store.loaded).toBe(true)
    expect(store.items.map((t) => t.name)).toEqual(['backup'])

    const created = await store.create({ name: 'bot', scopes: ['read'], expires_in_days: 30 })
    expect(created.secret).toBe('confab_pat_s3cret')
    expect(requests.find((r) => route(r) === 'POST /api/v1/users/me/tokens')!.body).toEqual({
      name: 'bot',
      scopes: ['read'],
      expires_in_days: 30,
    })
    expect(store.items.map((t) => t.id)).toEqual(['t2', 't1'])
    expect(JSON.stringify(store.$state)).not.toContain('s3cret')
  })

  it('revokes: gone from the list; one already gone (404) too; other refusals are thrown and it stays', async () => {
    serveRoutes({
      'GET /api/v1/users/me/tokens': () => json(200, { items: [token('t1', 'a'), token('t2', 'b'), token('t3', 'c')] }),
      'DELETE /api/v1/users/me/tokens/t1': () => json(204),
      'DELETE /api/v1/users/me/tokens/t2': () => errorEnvelope(404, 'not_found', 'no such token'),
      'DELETE /api/v1/users/me/tokens/t3': () => errorEnvelope(403, 'forbidden', 'no'),
    })
    const store = useAccessTokensStore()
    await store.load()
    await store.revoke('t1')
    await store.revoke('t2')
    expect(store.items.map((t) => t.id)).toEqual(['t3'])
    await expect(store.revoke('t3')).rejects.toMatchObject({ code: 'forbidden' })
    expect(store.items.map((t) => t.id)).toEqual(['t3'])
  })

  it('says why the list did not load', async () => {
    serveRoutes({ 'GET /api/v1/users/me/tokens': () => errorEnvelope(500, 'internal', 'Something broke.') })
    const store = useAccessTokensStore()
    await store.load()
    expect(store.loaded).toBe(false)
    expect(store.error).toBeTruthy()
  })
})
