import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useUsersStore } from '@/stores/users'

import { bob, carol } from '../helpers/chat'
import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

describe('users store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('fetches each unknown profile once and remembers it', async () => {
    const requests = serveRoutes({
      'GET /api/v1/users/*': (_req, [id]) => (id === carol.id ? json(200, carol) : errorEnvelope(404, 'not_found', 'No.')),
    })
    const users = useUsersStore()
    users.remember(bob)

    await Promise.all([users.ensure([bob.id, carol.id, 'gone', null]), users.ensure([carol.id])])
    await users.ensure([carol.id, 'gone'])

    expect(requests.map(route).sort()).toEqual([`GET /api/v1/users/${carol.id}`, 'GET /api/v1/users/gone'])
    expect(users.get(carol.id)).toEqual(carol)
    expect(users.get(bob.id)).toEqual(bob)
    expect(users.get('gone')).toBeUndefined()
  })
})
