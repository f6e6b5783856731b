import { defineStore } from 'pinia'
import { ref } from 'vue'

import { isApiError } from '@/api/client'
import { pushApi } from '@/api/push'
import type { PushSubscribeBody } from '@/api/types'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import {
  activeRegistration,
  base64UrlToBytes,
  existingRegistration,
  sameKey,
  serviceWorkerSupported,
} from '@/utils/serviceWorker'
import { storage } from '@/utils/storage'

/** The sound switch of Settings, for this browser: `off`, else on. */
export const SOUND_KEY = 'confab.sound'
/** Whose push subscription this browser holds (a user id): another account's is dropped at its next start. */
export const PUSH_OWNER_KEY = 'confab.push.owner'

const { t } = i18n.global

/** Why push cannot be turned on, in the language shown when read (notifications.push.*). */
export const PUSH_TEXT = {
  get unsupported() {
    return t('notifications.push.unsupported')
  },
  get blocked() {
    return t('notifications.push.blocked')
  },
  get notAllowed() {
    return t('notifications.push.notAllowed')
  },
  get serverOff() {
    return t('notifications.push.serverOff')
  },
  get noWorker() {
    return t('notifications.push.noWorker')
  },
  get pushService() {
    return t('notifications.push.pushService')
  },
}

export type PermissionState = NotificationPermission | 'unsupported'

function pushSupported(): boolean {
  return serviceWorkerSupported() && typeof window !== 'undefined' && 'PushManager' in window && 'Notification' in window
}

function currentPermission(): PermissionState {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification.permission : 'unsupported'
}

/** What the server keeps of a subscription: its endpoint and keys (`PushSubscription.toJSON()`). */
export function subscriptionBody(sub: PushSubscription): PushSubscribeBody {
  const json = sub.toJSON()
  return {
    endpoint: json.endpoint ?? sub.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
  }
}

/** The server's key, worded when the server sends no pushes at all. */
async function serverKey(): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return base64UrlToBytes((await pushApi.vapidKey()).public_key)
  } catch (e) {
    if (isApiError(e) && e.code === 'push_disabled') throw new Error(PUSH_TEXT.serverOff)
    throw e
  }
}

/**
 * Push notifications on this device (#20) and the sound switch. Turning push
 * on asks for the browser's permission, registers the service worker,
 * subscribes with the server's VAPID key and hands the subscription to the
 * server (it belongs to this login); off unsubscribes on both sides. At each
 * start (`sync`) a subscription of this user's is handed over again (an
 * ended login's was deleted with it), one of another account's is dropped.
 */
export const usePushStore = defineStore('push', () => {
  const auth = useAuthStore()

  const supported = pushSupported()
  const permission = ref<PermissionState>(currentPermission())
  /** This device has a subscription the server was given: pushes come while no tab is shown. */
  const subscribed = ref(false)
  const soundOn = ref(storage.get(SOUND_KEY) !== 'off')

  function setSound(on: boolean): void {
    soundOn.value = on
    storage.set(SOUND_KEY, on ? 'on' : 'off')
  }

  function refreshPermission(): PermissionState {
    permission.value = currentPermission()
    return permission.value
  }

  /** A subscription with `key`, made anew when the one held was made with another key. */
  async function subscriptionFor(reg: ServiceWorkerRegistration, key: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
    const held = await reg.pushManager.getSubscription()
    if (held && sameKey(held.options.applicationServerKey, key)) return held
    if (held) await held.unsubscribe().catch(() => false)
    try {
      return await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
    } catch (e) {
      // NotAllowedError: permission taken back meanwhile; anything else: the push service.
      if (e instanceof DOMException && e.name === 'NotAllowedError') throw new Error(PUSH_TEXT.blocked)
      throw new Error(PUSH_TEXT.pushService)
    }
  }

  /** Hands `sub` to the server; one it refuses is dropped in the browser too (not one it did not hear of). */
  async function register(sub: PushSubscription): Promise<void> {
    try {
      await pushApi.subscribe(subscriptionBody(sub))
    } catch (e) {
      if (!isApiError(e) || !e.isNetworkError) await sub.unsubscribe().catch(() => false)
      throw e
    }
    if (auth.user) storage.set(PUSH_OWNER_KEY, auth.user.id)
    subscribed.value = true
  }

  /** Turns push on for this device; throws an Error worded for the person. */
  async function enable(): Promise<void> {
    if (!supported) throw new Error(PUSH_TEXT.unsupported)
    let answer = refreshPermission()
    if (answer === 'default') answer = await window.Notification.requestPermission()
    permission.value = answer
    if (answer === 'denied') throw new Error(PUSH_TEXT.blocked)
    if (answer !== 'granted') throw new Error(PUSH_TEXT.notAllowed)
    const reg = await activeRegistration()
    if (!reg) throw new Error(PUSH_TEXT.noWorker)
    const key = await serverKey()
    await register(await subscriptionFor(reg, key))
  }

  /** Turns push off for this device: the server forgets the subscription, then the browser does. */
  async function disable(): Promise<void> {
    const reg = await existingRegistration()
    const sub = reg ? await reg.pushManager.getSubscription() : null
    if (sub) {
      try {
        await pushApi.unsubscribe(sub.endpoint)
      } catch (e) {
        if (!isApiError(e) || e.status !== 404) throw e
      }
      await sub.unsubscribe().catch(() => false)
    }
    storage.remove(PUSH_OWNER_KEY)
    subscribed.value = false
  }

  /** At start: whether this device gets pushes, handing the subscription to this login again. */
  async function sync(): Promise<void> {
    refreshPermission()
    if (!supported) return
    const reg = await existingRegistration()
    const sub = reg ? await reg.pushManager.getSubscription().catch(() => null) : null
    if (!reg || !sub) {
      subscribed.value = false
      return
    }
    if (storage.get(PUSH_OWNER_KEY) !== auth.user?.id || permission.value !== 'granted') {
      // Another account's, or notifications were taken back: it is of no use.
      await sub.unsubscribe().catch(() => false)
      storage.remove(PUSH_OWNER_KEY)
      subscribed.value = false
      return
    }
    try {
      await register(await subscriptionFor(reg, await serverKey()))
    } catch (e) {
      // Offline: it is handed over at the next start. Refused, or the server sends none: off.
      subscribed.value = isApiError(e) && e.isNetworkError
    }
  }

  function reset(): void {
    subscribed.value = false
  }

  return { supported, permission, subscribed, soundOn, setSound, refreshPermission, enable, disable, sync, reset }
})
