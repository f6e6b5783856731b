/**
 * The service worker (public/sw.js): the app shell offline, Web Push, and the
 * click on a notification. Production builds register it at start (main.ts);
 * turning push on registers it in any build.
 */
import type { Router } from 'vue-router'

export const SW_URL = '/sw.js'

/** What the service worker posts to a tab when a notification is clicked. */
export const OPEN_MESSAGE = 'confab.open'

export function serviceWorkerSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator
}

/** Registers the service worker (again is harmless: the browser keeps one); null where there is none, or it failed. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!serviceWorkerSupported()) return null
  try {
    return await navigator.serviceWorker.register(SW_URL, { scope: '/' })
  } catch (e) {
    console.warn('the service worker could not be registered', e)
    return null
  }
}

/** The active registration (registering first): what pushes and notifications go through. */
export async function activeRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!(await registerServiceWorker())) return null
  return navigator.serviceWorker.ready
}

/** The registration if there is one already (nothing is registered by asking). */
export async function existingRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!serviceWorkerSupported()) return null
  try {
    return (await navigator.serviceWorker.getRegistration('/')) ?? null
  } catch {
    return null
  }
}

/** A path of this app (`/chats/...`), never another origin's address. */
export function appPath(url: unknown): string | null {
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null
  return url
}

/**
 * Follows the service worker's "open this" (a notification clicked while the
 * app was open): the router goes there, without reloading the app.
 */
export function followNotificationClicks(router: Router): () => void {
  if (!serviceWorkerSupported()) return () => {}
  const onMessage = (e: MessageEvent) => {
    const data = e.data as { type?: unknown; url?: unknown } | null
    if (data?.type !== OPEN_MESSAGE) return
    const path = appPath(data.url)
    if (path) void router.push(path)
  }
  navigator.serviceWorker.addEventListener('message', onMessage)
  return () => navigator.serviceWorker.removeEventListener('message', onMessage)
}

/** A base64url key (the server's VAPID public key) as the bytes `applicationServerKey` takes. */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=')
  const raw = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(raw.length))
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
  return bytes
}

/** Whether a subscription was made with this key (a new server key means subscribing again). */
export function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a) return false
  const x = new Uint8Array(a)
  return x.length === b.length && x.every((v, i) => v === b[i])
}
