import { vi } from 'vitest'

/** A VAPID public key as the server gives it: 65 bytes (an uncompressed P-256 point), base64url. */
export function vapidKey(fill: number): { text: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(65).fill(fill)
  bytes[0] = 4
  const text = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return { text, bytes }
}

export class FakeSubscription {
  readonly options: { applicationServerKey: ArrayBuffer | null; userVisibleOnly: boolean }
  unsubscribed = false

  constructor(
    private readonly manager: FakePushManager,
    readonly endpoint: string,
    key: Uint8Array,
  ) {
    this.options = { applicationServerKey: key.slice().buffer, userVisibleOnly: true }
  }

  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: 'BP256dh', auth: 'authsecret' } }
  }

  unsubscribe = vi.fn(async () => {
    this.unsubscribed = true
    if (this.manager.current === this) this.manager.current = null
    return true
  })
}

/** `registration.pushManager`: `subscribe` fails with `subscribeError` when set (a push service out of reach). */
export class FakePushManager {
  current: FakeSubscription | null = null
  subscribeError: Error | null = null
  private made = 0

  subscribe = vi.fn(async (options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }) => {
    if (this.subscribeError) throw this.subscribeError
    this.current = new FakeSubscription(this, `https://push.example/send/${++this.made}`, options.applicationServerKey)
    return this.current
  })

  getSubscription = vi.fn(async () => this.current)
}

export interface FakeBrowser {
  pushManager: FakePushManager
  registration: {
    pushManager: FakePushManager
    active: object | null
    showNotification: ReturnType<typeof vi.fn>
  }
  serviceWorker: {
    register: ReturnType<typeof vi.fn>
    getRegistration: ReturnType<typeof vi.fn>
    ready: Promise<unknown>
    addEventListener: ReturnType<typeof vi.fn>
    removeEventListener: ReturnType<typeof vi.fn>
  }
  Notification: {
    permission: NotificationPermission
    requestPermission: ReturnType<typeof vi.fn>
  }
  /** Whether a service worker is registered already (before `register`). */
  registered: boolean
  remove(): void
}

/**
 * A browser with service workers, Push and notifications, faked on the
 * globals: `permission` now, and what the prompt answers.
 */
export function installFakeBrowser({
  permission = 'default',
  answer = 'granted',
  registered = false,
}: { permission?: NotificationPermission; answer?: NotificationPermission; registered?: boolean } = {}): FakeBrowser {
  const pushManager = new FakePushManager()
  const registration = { pushManager, active: {}, showNotification: vi.fn(async () => {}) }
  const browser: FakeBrowser = {
    pushManager,
    registration,
    registered,
    serviceWorker: {
      register: vi.fn(async () => {
        browser.registered = true
        return registration
      }),
      getRegistration: vi.fn(async () => (browser.registered ? registration : undefined)),
      ready: Promise.resolve(registration),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    },
    Notification: {
      permission,
      requestPermission: vi.fn(async () => {
        browser.Notification.permission = answer
        return answer
      }),
    },
    remove() {
      Reflect.deleteProperty(navigator, 'serviceWorker')
    },
  }
  Object.defineProperty(navigator, 'serviceWorker', { value: browser.serviceWorker, configurable: true })
  vi.stubGlobal('PushManager', function PushManager() {})
  vi.stubGlobal('Notification', browser.Notification)
  return browser
}
