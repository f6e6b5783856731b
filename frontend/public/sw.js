/*
 * Confab's service worker (plain JavaScript, no framework):
 *
 * - the app shell offline: at install it keeps index.html and every file of
 *   the build; a page load goes to the network first and falls back to the
 *   kept index.html, built files come from the cache. API calls, the socket
 *   and media (/api/, /ws, /_media/) are never touched.
 * - Web Push: shows each push (`{type, title, body, tag, url, ...}`, from
 *   crates/domain/src/push/decide.rs); `tag` collapses a conversation's
 *   pushes into one notification, which sounds again (renotify).
 * - a click on a notification: an open tab of the app is focused and told
 *   to go to the notification's `url` (src/utils/serviceWorker.ts follows
 *   it with the router); with none open, a new window opens there.
 *
 * The build (vite.config.ts, serviceWorkerBuild) fills in BUILD below.
 */
const BUILD = { version: 'dev', files: [] }

const CACHE_PREFIX = 'confab-shell-'
const CACHE = CACHE_PREFIX + BUILD.version
const SHELL = '/index.html'
const ICON = '/icons/icon-192.png'
/** What the app listens for (src/utils/serviceWorker.ts, OPEN_MESSAGE). */
const OPEN_MESSAGE = 'confab.open'
/** Paths that are never the app shell's: the API, the socket, media bytes, health checks. */
const NOT_SHELL = /^\/(api|ws|_media|healthz|readyz)(\/|$)/
/** The other files kept (public/'s: icons, the manifest); anything else is left to the browser. */
const KEPT = new Set(BUILD.files)

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...BUILD.files]))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || NOT_SHELL.test(url.pathname)) return
  if (request.mode === 'navigate') event.respondWith(pageLoad(request))
  else if (url.pathname.startsWith('/assets/')) event.respondWith(builtFile(request))
  else if (KEPT.has(url.pathname)) event.respondWith(networkFirst(request))
})

/** A page load: the network's answer, or offline the kept index.html (the router takes it from there). */
async function pageLoad(request) {
  try {
    return await fetch(request)
  } catch (e) {
    const shell = await caches.match(SHELL)
    if (shell) return shell
    throw e
  }
}

/** A built file: its name changes with its content, so a kept copy is always right. */
async function builtFile(request) {
  const kept = await caches.match(request)
  if (kept) return kept
  const response = await fetch(request)
  if (response.ok) {
    const copy = response.clone()
    caches
      .open(CACHE)
      .then((cache) => cache.put(request, copy))
      .catch(() => {})
  }
  return response
}

/** Other files of public/ (icons, the manifest): fresh when online, the kept copy offline. */
async function networkFirst(request) {
  try {
    return await fetch(request)
  } catch (e) {
    const kept = await caches.match(request)
    if (kept) return kept
    throw e
  }
}

// ---- Web Push --------------------------------------------------------------

/** The push's content; one that is not JSON still shows (a browser must show every push). */
function pushContent(data) {
  if (!data) return { title: 'Confab', body: '' }
  try {
    const parsed = data.json()
    if (parsed && typeof parsed === 'object') return parsed
  } catch {
    /* not JSON */
  }
  return { title: 'Confab', body: data.text() }
}

/** The options showNotification gets for a push. */
function notificationOf(push) {
  const tag = typeof push.tag === 'string' && push.tag ? push.tag : undefined
  return {
    title: typeof push.title === 'string' && push.title ? push.title : 'Confab',
    options: {
      body: typeof push.body === 'string' ? push.body : '',
      tag,
      renotify: !!tag,
      icon: ICON,
      data: {
        url: appPath(push.url) || '/',
        type: push.type,
        conversation_id: push.conversation_id,
        message_id: push.message_id,
      },
    },
  }
}

self.addEventListener('push', (event) => {
  const { title, options } = notificationOf(pushContent(event.data))
  event.waitUntil(self.registration.showNotification(title, options))
})

// ---- notification clicks -----------------------------------------------------

/** A path of this app (`/chats/...`), never another origin's address. */
function appPath(url) {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null
  return url
}

/** The tab to use: a focused one, else a shown one, else any. */
function pickWindow(windows) {
  return windows.find((w) => w.focused) || windows.find((w) => w.visibilityState === 'visible') || windows[0] || null
}

/**
 * Opens `url` in the app: an open tab is asked to go there (its router does,
 * without a reload) and focused; with none, a new window opens at `url`.
 */
async function openTarget(url) {
  const target = appPath(url) || '/'
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const client = pickWindow(windows.filter((w) => new URL(w.url).origin === self.location.origin))
  if (client) {
    client.postMessage({ type: OPEN_MESSAGE, url: target })
    try {
      await client.focus()
    } catch {
      /* focusing is only allowed while handling a click */
    }
    return client
  }
  return self.clients.openWindow(target)
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const data = event.notification.data || {}
  const opening = openTarget(data.url)
  // A click the browser dispatched; one made up by a test cannot wait.
  if (event.isTrusted) event.waitUntil(opening)
})
