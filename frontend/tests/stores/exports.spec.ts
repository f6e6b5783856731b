import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { filenameOf } from '@/api/exports'
import type { DataExportStatus } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { useExportsStore } from '@/stores/exports'

import { errorEnvelope, flush, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'
import { storeSession } from '../helpers/fixtures'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const exp = (id: string, status: DataExportStatus, over = {}) => ({
  id,
  status,
  size_bytes: status === 'ready' ? 2048 : null,
  created_at: '2024-06-01T10:00:00Z',
  finished_at: null,
  download_url: status === 'ready' ? `/api/v1/users/me/exports/${id}/archive` : null,
  ...over,
})

describe('exports store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('starts one, shown as building first; a refresh (the notification) makes it ready', async () => {
    let ready = false
    const requests = serveRoutes({
      'GET /api/v1/users/me/exports': () => json(200, ready ? [exp('x1', 'ready')] : []),
      'POST /api/v1/users/me/exports': () => json(202, exp('x1', 'building')),
    })
    const store = useExportsStore()
    store.refresh() // not shown yet: nothing asked
    expect(requests).toHaveLength(0)
    await store.load()
    await store.start()
    expect(store.building?.id).toBe('x1')
    ready = true
    store.refresh()
    await flush()
    expect(store.building).toBeNull()
    expect(store.items[0]!.status).toBe('ready')
    expect(requests.map(route)).toEqual([
      'GET /api/v1/users/me/exports',
      'POST /api/v1/users/me/exports',
      'GET /api/v1/users/me/exports',
    ])
  })

  it('one already building: the list is asked again to show it', async () => {
    serveRoutes({
      'GET /api/v1/users/me/exports': () => json(200, [exp('x0', 'building')]),
      'POST /api/v1/users/me/exports': () => errorEnvelope(409, 'export_in_progress', 'building'),
    })
    const store = useExportsStore()
    await expect(store.start()).rejects.toMatchObject({ code: 'export_in_progress' })
    await flush()
    expect(store.building?.id).toBe('x0')
  })

  it('downloads the archive with the bearer token, named as the server says', async () => {
    storeSession()
    useAuthStore() // installs the session in the API client
    const requests = serveRoutes({
      'GET /api/v1/users/me/exports/x1/archive': () =>
        new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
          status: 200,
          headers: { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="confab-export-2024-06-01.zip"' },
        }),
    })
    const file = await useExportsStore().download(exp('x1', 'ready'))
    expect(requests[0]!.headers['authorization']).toBe('Bearer a1')
    expect(file.filename).toBe('confab-export-2024-06-01.zip')
    expect(new Uint8Array(await file.blob.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]))
  })

  it('reads file names from Content-Disposition, never a path', () => {
    expect(filenameOf('attachment; filename="a.zip"')).toBe('a.zip')
    expect(filenameOf('attachment; filename=b.zip')).toBe('b.zip')
    expect(filenameOf("attachment; filename=\"x.zip\"; filename*=UTF-8''d%C3%A9j%C3%A0.zip")).toBe('déjà.zip')
    expect(filenameOf('attachment; filename="../../etc/passwd"')).toBe('passwd')
    expect(filenameOf('attachment')).toBeNull()
    expect(filenameOf(null)).toBeNull()
  })
})
