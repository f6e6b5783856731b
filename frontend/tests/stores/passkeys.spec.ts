import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { usePasskeysStore } from '@/stores/passkeys'
import { createPasskey } from '@/utils/webauthn'

import { json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

vi.mock('@/utils/webauthn', async (original) => ({
  ...(await original<typeof import('@/utils/webauthn')>()),
  createPasskey: vi.fn(),
}))

const key = (id: string, name: string) => ({ id, name, created_at: '2024-06-01T10:00:00Z', last_used_at: null })
const OPTIONS = { publicKey: { challenge: 'AQID', user: { id: 'AQ', name: 'alice', displayName: 'Alice' } } }

describe('passkeys store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(createPasskey).mockReset()
  })

  function serve() {
    return serveRoutes({
      'GET /api/v1/users/me/passkeys': () => json(200, [key('k1', 'Phone')]),
      'POST /api/v1/users/me/passkeys/registration': () => json(201, { ceremony_id: 'cer1', options: OPTIONS }),
      'POST /api/v1/users/me/passkeys': (req) => json(201, key('k2', (req.body as { name: string }).name)),
      'PATCH /api/v1/users/me/passkeys/*': (req, [id]) => json(200, key(id!, (req.body as { name: string }).name)),
      'DELETE /api/v1/users/me/passkeys/*': () => json(204),
    })
  }

  it('adds one: the server’s options to the browser, its answer back with the name', async () => {
    const requests = serve()
    vi.mocked(createPasskey).mockResolvedValueOnce({ id: 'cred' } as never)
    const store = usePasskeysStore()
    await store.load()
    const added = await store.add('Laptop')

    expect(vi.mocked(createPasskey).mock.lastCall![0]).toEqual(OPTIONS)
    expect(requests.find((r) => route(r) === 'POST /api/v1/users/me/passkeys')!.body).toEqual({
      ceremony_id: 'cer1',
      name: 'Laptop',
      credential: { id: 'cred' },
    })
    expect(added?.name).toBe('Laptop')
    expect(store.items.map((p) => p.name)).toEqual(['Phone', 'Laptop'])
  })

  it('a closed prompt adds nothing and is no error', async () => {
    const requests = serve()
    vi.mocked(createPasskey).mockRejectedValueOnce(new DOMException('closed', 'NotAllowedError'))
    const store = usePasskeysStore()
    await expect(store.add('Laptop')).resolves.toBeNull()
    expect(requests.some((r) => route(r) === 'POST /api/v1/users/me/passkeys')).toBe(false)
  })

  it('another refusal of the browser is thrown', async () => {
    serve()
    vi.mocked(createPasskey).mockRejectedValueOnce(new DOMException('known', 'InvalidStateError'))
    await expect(usePasskeysStore().add('Laptop')).rejects.toMatchObject({ name: 'InvalidStateError' })
  })

  it('renames and removes', async () => {
    const requests = serve()
    const store = usePasskeysStore()
    await store.load()
    await store.rename('k1', 'Old phone')
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({ name: 'Old phone' })
    expect(store.items[0]!.name).toBe('Old phone')
    await store.remove('k1')
    expect(requests.map(route)).toContain('DELETE /api/v1/users/me/passkeys/k1')
    expect(store.items).toEqual([])
  })
})
