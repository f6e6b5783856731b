import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

import { useOpenDm } from '@/composables/useOpenDm'

import { bob, conversation } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

function setup() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div/>' } },
      { path: '/chats/:id', name: 'chat', component: { template: '<div/>' } },
    ],
  })
  let dm!: ReturnType<typeof useOpenDm>
  const Host = defineComponent({
    setup() {
      dm = useOpenDm()
      return () => null
    },
  })
  mount(Host, { global: { plugins: [router] } })
  return { router, dm: () => dm }
}

describe('useOpenDm', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('opens the DM and shows it', async () => {
    serveRoutes({ 'POST /api/v1/dms': () => json(201, conversation('c5')) })
    const { router, dm } = setup()
    await dm().openDm(bob.id)
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c5')
    expect(dm().opening.value).toBeNull()
  })

  it('says why it could not', async () => {
    serveRoutes({ 'POST /api/v1/dms': () => errorEnvelope(403, 'not_friends', 'Direct messages need friendship.') })
    const { router, dm } = setup()
    await dm().openDm(bob.id)
    // The refusal's code has a sentence of its own (errors.api.not_friends).
    expect(dm().error.value).toBe('You are not friends.')
    expect(router.currentRoute.value.fullPath).toBe('/')
  })
})
