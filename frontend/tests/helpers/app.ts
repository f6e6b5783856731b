import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'

import App from '@/App.vue'
import { createAppRouter } from '@/router'

import { json, mockFetch, type Handler, type RecordedRequest } from './http'

/** The lists the signed-in shell loads on its own (chats, friends, notifications), and the server's auth options. */
const SHELL_LOADS: Record<string, unknown> = {
  '/api/v1/conversations': { items: [] },
  '/api/v1/friends': { items: [] },
  '/api/v1/friends/requests': { incoming: [], outgoing: [] },
  '/api/v1/blocks': { items: [] },
  '/api/v1/invites': { items: [] },
  '/api/v1/notifications': { items: [], next_before: null, unread_count: 0 },
  '/api/v1/users/me/drafts': { items: [] },
  // What the server offers (sign-up, the email banner): mail on, no proof required.
  '/api/v1/auth/options': { email: true, email_verification_required: false, oidc: false, passkeys: false },
}

/**
 * Stubs fetch with `handler` for the requests a test is about; the shell's
 * own loading of lists gets empty lists and is not recorded. `shell` replaces
 * some of those answers (other auth options, say).
 */
export function serveApp(handler: Handler, shell: Record<string, unknown> = {}) {
  const loads = { ...SHELL_LOADS, ...shell }
  const shellLoad = (req: RecordedRequest): unknown =>
    req.method === 'GET' ? loads[req.url.split('?')[0]!] : undefined
  const mock = mockFetch(
    (req) => {
      const body = shellLoad(req)
      return body ? json(200, body) : handler(req)
    },
    (req) => !shellLoad(req),
  )
  vi.stubGlobal('fetch', mock.fetch)
  return mock.requests
}

/** Mounts the whole app at `path` with a fresh Pinia and an in-memory router. */
export async function mountApp(path: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path).catch(() => {})
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, pinia }
}
