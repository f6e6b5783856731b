// @vitest-environment node
/**
 * public/sw.js run against fakes of the service worker globals (its own
 * text, as the browser gets it). The browser stories cover it in Chromium;
 * these cover what Chromium cannot be made to do there: a real click on a
 * notification, and a window to open when none is.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it, vi } from 'vitest'

const SOURCE = readFileSync(fileURLToPath(new URL('../../public/sw.js', import.meta.url)), 'utf8')
const ORIGIN = 'https://chat.example'

type Listener = (event: Record<string, unknown>) => void

interface FakeWindow {
  url: string
  focused: boolean
  visibilityState: 'visible' | 'hidden'
  postMessage: ReturnType<typeof vi.fn>
  focus: ReturnType<typeof vi.fn>
}

function windowAt(path: string, over: Partial<FakeWindow> = {}): FakeWindow {
  return {
    url: `${ORIGIN}${path}`,
    focused: false,
    visibilityState: 'hidden',
    postMessage: vi.fn(),
    focus: vi.fn(async () => undefined),
    ...over,
  }
}

/** Runs the worker's script with fake globals; `build` stands for what the build fills in. */
function startWorker({
  windows = [] as FakeWindow[],
  build = { version: 'v1', files: ['/manifest.webmanifest', '/assets/app-1.js'] },
} = {}) {
  const listeners = new Map<string, Listener>()
  const stored = new Map<string, Map<string, Response>>()
  const keyOf = (r: Request | string) => (typeof r === 'string' ? new URL(r, ORIGIN).href : r.url)
  const caches = {
    open: vi.fn(async (name: string) => {
      const entries = stored.get(name) ?? new Map<string, Response>()
      stored.set(name, entries)
      return {
        addAll: vi.fn(async (urls: string[]) => {
          for (const u of urls) entries.set(keyOf(u), new Response(`kept ${u}`))
        }),
        put: vi.fn(async (r: Request, res: Response) => void entries.set(keyOf(r), res)),
      }
    }),
    match: vi.fn(async (r: Request | string) => {
      for (const entries of stored.values()) {
        const hit = entries.get(keyOf(r))
        if (hit) return hit.clone()
      }
      return undefined
    }),
    keys: vi.fn(async () => [...stored.keys()]),
    delete: vi.fn(async (name: string) => stored.delete(name)),
  }
  const fetchFn = vi.fn(async (_r: Request): Promise<Response> => new Response('from the network'))
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, fn: Listener) => listeners.set(type, fn),
    skipWaiting: vi.fn(async () => {}),
    clients: {
      claim: vi.fn(async () => {}),
      matchAll: vi.fn(async () => windows),
      openWindow: vi.fn(async (url: string) => windowAt(url)),
    },
    registration: { showNotification: vi.fn(async (_title: string, _options: { data: { url: string } }) => {}) },
  }
  const source = SOURCE.replace(/^const BUILD = .*$/m, `const BUILD = ${JSON.stringify(build)}`)
  new Function('self', 'caches', 'fetch', source)(self, caches, fetchFn)

  /** Dispatches an extendable event; resolves with what it waited for (and what it answered, for fetch). */
  async function dispatch(type: string, init: Record<string, unknown>) {
    const waits: Promise<unknown>[] = []
    let answer: Promise<Response> | undefined
    listeners.get(type)!({
      isTrusted: true,
      ...init,
      waitUntil: (p: Promise<unknown>) => waits.push(p),
      respondWith: (p: Promise<Response>) => {
        answer = p
      },
    })
    await Promise.all(waits)
    return { answer }
  }

  return { self, caches, stored, fetchFn, dispatch, listeners }
}

const pushData = (value: unknown) => ({
  json: () => (typeof value === 'string' ? JSON.parse(value) : value),
  text: () => (typeof value === 'string' ? value : JSON.stringify(value)),
})

describe('the service worker', () => {
  it('shows a push with its title and body; its tag collapses a chat’s pushes and sounds again', async () => {
    const sw = startWorker()
    await sw.dispatch('push', {
      data: pushData({
        type: 'message',
        title: 'Bob in Team',
        body: 'New message',
        tag: 'conversation:c1',
        url: '/chats/c1?message=m1',
        conversation_id: 'c1',
        message_id: 'm1',
      }),
    })
    expect(sw.self.registration.showNotification).toHaveBeenCalledWith('Bob in Team', {
      body: 'New message',
      tag: 'conversation:c1',
      renotify: true,
      icon: '/icons/icon-192.png',
      data: { url: '/chats/c1?message=m1', type: 'message', conversation_id: 'c1', message_id: 'm1' },
    })
  })

  it('shows even a push that is not JSON, and never keeps a link to another site', async () => {
    const sw = startWorker()
    await sw.dispatch('push', { data: { json: () => JSON.parse('nope'), text: () => 'plain words' } })
    expect(sw.self.registration.showNotification).toHaveBeenLastCalledWith('Confab', expect.objectContaining({ body: 'plain words', renotify: false }))
    await sw.dispatch('push', { data: pushData({ title: 'x', body: 'y', url: 'https://evil.example/' }) })
    await sw.dispatch('push', { data: pushData({ title: 'x', body: 'y', url: '//evil.example/' }) })
    for (const call of sw.self.registration.showNotification.mock.calls.slice(1)) {
      expect(call[1].data.url).toBe('/')
    }
  })

  it('a click takes an open tab (the focused one first) to the chat, and focuses it', async () => {
    const background = windowAt('/friends')
    const front = windowAt('/chats', { focused: true, visibilityState: 'visible' })
    const sw = startWorker({ windows: [background, front] })
    const notification = { data: { url: '/chats/c1?message=m1' }, close: vi.fn() }
    await sw.dispatch('notificationclick', { notification })
    expect(notification.close).toHaveBeenCalled()
    expect(front.postMessage).toHaveBeenCalledWith({ type: 'confab.open', url: '/chats/c1?message=m1' })
    expect(front.focus).toHaveBeenCalled()
    expect(background.postMessage).not.toHaveBeenCalled()
    expect(sw.self.clients.openWindow).not.toHaveBeenCalled()
  })

  it('a click with no tab open opens a window at the chat', async () => {
    const sw = startWorker({ windows: [windowAt('/x', { url: 'https://other.example/' })] })
    await sw.dispatch('notificationclick', { notification: { data: { url: '/friends' }, close: vi.fn() } })
    expect(sw.self.clients.openWindow).toHaveBeenCalledWith('/friends')
  })

  it('keeps the build at install and drops older builds’ copies when it takes over', async () => {
    const sw = startWorker({ build: { version: 'v2', files: ['/assets/app-2.js', '/manifest.webmanifest'] } })
    sw.stored.set('confab-shell-v1', new Map())
    sw.stored.set('someone-elses', new Map())
    await sw.dispatch('install', {})
    expect([...sw.stored.get('confab-shell-v2')!.keys()]).toEqual([
      `${ORIGIN}/index.html`,
      `${ORIGIN}/assets/app-2.js`,
      `${ORIGIN}/manifest.webmanifest`,
    ])
    expect(sw.self.skipWaiting).toHaveBeenCalled()
    await sw.dispatch('activate', {})
    expect([...sw.stored.keys()].sort()).toEqual(['confab-shell-v2', 'someone-elses'])
    expect(sw.self.clients.claim).toHaveBeenCalled()
  })

  it('loads pages from the network, and offline from the kept index.html', async () => {
    const sw = startWorker()
    await sw.dispatch('install', {})
    const page = { url: `${ORIGIN}/chats/c1`, method: 'GET', mode: 'navigate' }
    let { answer } = await sw.dispatch('fetch', { request: page })
    expect(await (await answer!).text()).toBe('from the network')

    sw.fetchFn.mockRejectedValue(new TypeError('Failed to fetch'))
    ;({ answer } = await sw.dispatch('fetch', { request: page }))
    expect(await (await answer!).text()).toBe('kept /index.html')

    // Other kept files (public/'s) offline too.
    ;({ answer } = await sw.dispatch('fetch', { request: { url: `${ORIGIN}/manifest.webmanifest`, method: 'GET', mode: 'cors' } }))
    expect(await (await answer!).text()).toBe('kept /manifest.webmanifest')

    // Built files come from the copy, online or not.
    ;({ answer } = await sw.dispatch('fetch', { request: { url: `${ORIGIN}/assets/app-1.js`, method: 'GET', mode: 'no-cors' } }))
    expect(await (await answer!).text()).toBe('kept /assets/app-1.js')
  })

  it('never answers for the API, the socket, media, other sites or anything but GET', async () => {
    const sw = startWorker()
    for (const request of [
      { url: `${ORIGIN}/api/v1/conversations`, method: 'GET', mode: 'cors' },
      { url: `${ORIGIN}/api/docs`, method: 'GET', mode: 'navigate' },
      { url: `${ORIGIN}/ws`, method: 'GET', mode: 'cors' },
      { url: `${ORIGIN}/_media/ab/cd`, method: 'GET', mode: 'no-cors' },
      { url: 'https://cdn.example/x.js', method: 'GET', mode: 'no-cors' },
      { url: `${ORIGIN}/assets/app-1.js`, method: 'POST', mode: 'cors' },
      // Not a file of the build (the dev server's modules, say).
      { url: `${ORIGIN}/src/main.ts`, method: 'GET', mode: 'cors' },
    ]) {
      const { answer } = await sw.dispatch('fetch', { request })
      expect(answer, request.url).toBeUndefined()
    }
  })
})
