import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { SessionInfo } from '@/api/types'
import { useSecurityStore } from '@/stores/security'

import { errorEnvelope, flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

function session(id: string, over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id,
    device: 'Firefox on Linux',
    ip: '203.0.113.7',
    created_at: '2024-06-01T10:00:00Z',
    last_used_at: '2024-06-01T12:00:00Z',
    current: false,
    ...over,
  }
}

const event = (id: string, kind: string) => ({ id, kind, ip: null, device: null, created_at: '2024-06-01T10:00:00Z' })

describe('security store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  function serve(over: Parameters<typeof serveRoutes>[0] = {}) {
    return serveRoutes({
      'GET /api/v1/users/me/sessions': () => json(200, [session('s1', { current: true }), session('s2'), session('s3')]),
      'GET /api/v1/users/me/security-events': () => json(200, [event('e1', 'login.new_device')]),
      'GET /api/v1/users/me/recovery-codes': () => json(200, { remaining: 0, created_at: null }),
      'DELETE /api/v1/users/me/sessions/*': () => json(204),
      'DELETE /api/v1/users/me/sessions': () => json(204),
      ...over,
    })
  }

  it('loads sessions, the log and the recovery codes left', async () => {
    serve()
    const store = useSecurityStore()
    await store.load()
    expect(store.sessions.map((s) => s.id)).toEqual(['s1', 's2', 's3'])
    expect(store.events.map((e) => e.kind)).toEqual(['login.new_device'])
    expect(store.recovery).toEqual({ remaining: 0, created_at: null })
    expect(store.sessionsLoaded && store.eventsLoaded).toBe(true)
  })

  it('keeps each part’s failure to itself', async () => {
    serve({ 'GET /api/v1/users/me/sessions': () => errorEnvelope(500, 'internal', 'Broken.') })
    const store = useSecurityStore()
    await store.load()
    expect(store.sessionsError).toBe('Broken.')
    expect(store.eventsError).toBeNull()
    expect(store.events).toHaveLength(1)
  })

  it('revokes one session, then all the others, and reloads the log each time', async () => {
    const requests = serve()
    const store = useSecurityStore()
    await store.load()
    requests.length = 0

    await store.revoke('s2')
    expect(store.sessions.map((s) => s.id)).toEqual(['s1', 's3'])
    await store.revokeOthers()
    expect(store.sessions.map((s) => s.id)).toEqual(['s1'])
    await flush()
    expect(requests.map(route)).toEqual([
      'DELETE /api/v1/users/me/sessions/s2',
      'GET /api/v1/users/me/security-events',
      'DELETE /api/v1/users/me/sessions',
      'GET /api/v1/users/me/security-events',
    ])
  })

  it('a refused revoke leaves the list as it was', async () => {
    serve({ 'DELETE /api/v1/users/me/sessions/*': () => errorEnvelope(404, 'not_found', 'No such session.') })
    const store = useSecurityStore()
    await store.load()
    await expect(store.revoke('s2')).rejects.toMatchObject({ code: 'not_found' })
    expect(store.sessions).toHaveLength(3)
  })

  it('makes codes with the password and counts them', async () => {
    const requests = serve({
      'POST /api/v1/users/me/recovery-codes': () =>
        json(201, { codes: Array.from({ length: 10 }, (_, i) => `code${i}-xxxxx`), created_at: '2024-06-02T09:00:00Z' }),
    })
    const store = useSecurityStore()
    const fresh = await store.generateCodes('correct horse')
    expect(fresh.codes).toHaveLength(10)
    expect(requests[0]!.body).toEqual({ password: 'correct horse' })
    expect(store.recovery).toEqual({ remaining: 10, created_at: '2024-06-02T09:00:00Z' })
  })

  it('drops sessions another device ended (session.revoked), once loaded', async () => {
    serve()
    const store = useSecurityStore()
    store.applyRevoked({ user_id: 'u', session_ids: ['s2'] })
    expect(store.sessions).toEqual([])
    await store.load()
    store.applyRevoked({ user_id: 'u', session_ids: ['s2', 's3'] })
    expect(store.sessions.map((s) => s.id)).toEqual(['s1'])
  })
})
