/**
 * The gateway client: one WebSocket per tab to `/ws` on the same origin
 * (SPEC §2). It identifies with the access token, keeps the link alive with
 * pings, reconnects with capped exponential backoff and full jitter, resumes
 * from the last event id it saw, and drops events it has already delivered.
 * It tells the gateway whether the tab is shown (`visibility`, after each
 * `ready` and on every change: no Web Push while a tab is shown), and follows
 * the browser's `offline` and `online` at once (drop the socket; reconnect
 * and resume).
 *
 * Stores subscribe with `socket.on('message.created', handler)`: the event
 * types and their data come from the server's catalogue (`EventType`,
 * `EventData`), so the handler's data is typed and an unknown type does not
 * compile. Components read `socket.state` (reactive) to show connection status.
 */
import { readonly, ref, shallowRef, type Ref } from 'vue'

import type { EventData, EventType } from '@/api/types'

import { CLOSE_BAD_TOKEN, CLOSE_CLIENT_TIMEOUT, CLOSE_LOGIN_ENDED } from './closeCodes'

export type SocketState = 'connecting' | 'ready' | 'reconnecting' | 'offline'

/**
 * `resync`: the gateway's own event, not in the catalogue (it is never
 * stored): the events since the last id are gone, reload over REST.
 */
export interface Resync {
  reason: string
}

/** What each event type delivers: the catalogue's, and the gateway's `resync`. */
export type SocketEvents = { [T in EventType]: EventData<T> } & { resync: Resync }

export type SocketEventType = keyof SocketEvents

/**
 * `{"op":"event", ...}`: every server event after `ready`, one member of the
 * union per type. Ephemeral events (`typing.started`) and `resync` come
 * without an `id`.
 */
export type GatewayEvent<T extends SocketEventType = SocketEventType> = {
  [K in T]: { op: 'event'; id?: string; type: K; data: SocketEvents[K] }
}[T]

/** What `on` takes: an event type, or `'*'` for every event. */
export type Subscription = SocketEventType | '*'

/** `{"op":"ready", ...}`: the answer to `identify`. */
export interface ReadyFrame {
  op: 'ready'
  user?: unknown
  heartbeat_interval_ms?: number
  [key: string]: unknown
}

/**
 * A handler of `T`'s events; of several types (a union), it gets any of their
 * events. One of `'*'` gets every event (narrow on `event.type`), a type
 * newer than this SPA's catalogue too.
 */
export type EventHandler<T extends Subscription = Subscription> = [T] extends [SocketEventType]
  ? (data: SocketEvents[T], event: GatewayEvent<T>) => void
  : (data: GatewayEvent['data'], event: GatewayEvent) => void

/** How handlers are held: each is only ever called with its own type's events. */
type AnyHandler = (data: unknown, event: GatewayEvent) => void

/** What the socket needs from the auth layer. */
export interface SocketAuth {
  /** The current access token, or null when there is none. */
  getToken(): string | null
  /**
   * Called after close code 4001 (bad token) or 4004 (login ended) with the
   * token that was refused and the close code (none when there was no token
   * to send). Resolve true when a new token is ready, false when the session
   * is gone (the socket then stays offline); throw for a transient failure
   * (retried with backoff).
   */
  refresh(staleToken: string | null, closeCode?: number): Promise<boolean>
}

/** The subset of the browser WebSocket the client uses (tests pass a fake). */
export interface WebSocketLike {
  readonly readyState: number
  onopen: ((ev: Event) => void) | null
  onmessage: ((ev: MessageEvent) => void) | null
  onclose: ((ev: CloseEvent) => void) | null
  onerror: ((ev: Event) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type WebSocketCtor = new (url: string) => WebSocketLike

export interface SocketClientOptions {
  /** Defaults to `ws(s)://<current host>/ws`. */
  url?: string | (() => string)
  /** Defaults to the global WebSocket, looked up at connect time. */
  WebSocket?: WebSocketCtor
  auth?: SocketAuth
  /** Source of jitter in [0, 1). */
  random?: () => number
  /** First backoff ceiling (doubles per failed attempt). */
  baseDelayMs?: number
  /** Backoff ceiling cap. */
  maxDelayMs?: number
  /** Used when `ready` carries no `heartbeat_interval_ms`. */
  defaultHeartbeatMs?: number
  /** Give up on a connection that has not said `ready` by then. */
  readyTimeoutMs?: number
  /** How many recent event ids are remembered for de-duplication. */
  dedupeWindow?: number
  /**
   * Whether the tab is shown, for the `visibility` op (sent after each
   * `ready` and on every `visibilitychange`); null: not known, nothing sent.
   * Defaults to `document.visibilityState`.
   */
  visible?: () => boolean | null
}

export { CLOSE_BAD_TOKEN, CLOSE_CLIENT_TIMEOUT, CLOSE_LOGIN_ENDED }
/** Close codes meaning "this server is going away, reconnect elsewhere". */
const DRAIN_CODES = new Set([1001, 1012, 1013])
const WS_OPEN = 1

/**
 * "Full jitter" backoff: a uniform delay in [0, min(cap, base * 2^attempt)).
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, capMs = 30_000, random = Math.random }: { baseMs?: number; capMs?: number; random?: () => number } = {},
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

/** The tab is shown (`document.visibilityState`), or null where there is no document. */
export function documentVisible(): boolean | null {
  return typeof document === 'undefined' ? null : document.visibilityState === 'visible'
}

/** The browser says it has no network (`navigator.onLine`). */
function browserSaysOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

export function defaultSocketUrl(): string {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/ws`
}

export class SocketClient {
  /** Connection status, reactive. */
  readonly state: Readonly<Ref<SocketState>>
  /** True once this session has been `ready` at least once (reset by `disconnect`). */
  readonly hasBeenReady: Readonly<Ref<boolean>>
  /** The last `ready` frame (user, session info), reactive. */
  readonly readyFrame: Readonly<Ref<ReadyFrame | null>>
  /** The browser says it is offline (its `offline` event, until `online`), while connected or wanting to be. */
  readonly browserOffline: Readonly<Ref<boolean>>

  private readonly _state = ref<SocketState>('offline')
  private readonly _hasBeenReady = ref(false)
  private readonly _readyFrame = shallowRef<ReadyFrame | null>(null)
  private readonly _browserOffline = ref(false)

  private readonly opts: Required<Omit<SocketClientOptions, 'url' | 'WebSocket' | 'auth' | 'visible'>>
  private readonly visible: () => boolean | null
  private readonly urlOption?: string | (() => string)
  private readonly WebSocketImpl?: WebSocketCtor
  private auth: SocketAuth | null

  private ws: WebSocketLike | null = null
  /** connect() called and disconnect() not since. */
  private wanted = false
  /** Bumped by disconnect() so late async work of an old session is ignored. */
  private generation = 0
  private attempt = 0
  private authFailuresInARow = 0
  private tokenSent: string | null = null

  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private readyTimer: ReturnType<typeof setTimeout> | null = null
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null
  private awaitingPong = false

  private lastEventIdValue: string | null = null
  private readonly seen = new Set<string>()
  private readonly handlers = new Map<string, Set<AnyHandler>>()

  /** The network is back: reconnect at once (resuming), not after the backoff. */
  private readonly onBrowserOnline = () => {
    this._browserOffline.value = false
    if (!this.wanted || this.ws || this._state.value === 'ready') return
    this.attempt = 0
    this.open()
  }

  /**
   * The network is gone: the socket cannot work, so it is dropped now (the
   * banner shows at once, not after a missed heartbeat), keeping the resume
   * position for `online`.
   */
  private readonly onBrowserOffline = () => {
    if (!this.wanted) return
    this._browserOffline.value = true
    const ws = this.ws
    this.ws = null
    this.clearTimers()
    if (ws) {
      detach(ws)
      try {
        ws.close(1000, 'offline')
      } catch {
        /* already closed */
      }
    }
    this._state.value = 'offline'
  }

  private readonly onVisibilityChange = () => this.sendVisibility()

  constructor(options: SocketClientOptions = {}) {
    this.urlOption = options.url
    this.WebSocketImpl = options.WebSocket
    this.auth = options.auth ?? null
    this.opts = {
      random: options.random ?? Math.random,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      defaultHeartbeatMs: options.defaultHeartbeatMs ?? 20_000,
      readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
      dedupeWindow: options.dedupeWindow ?? 2_000,
    }
    this.visible = options.visible ?? documentVisible
    this.state = readonly(this._state)
    this.hasBeenReady = readonly(this._hasBeenReady)
    this.readyFrame = readonly(this._readyFrame) as Readonly<Ref<ReadyFrame | null>>
    this.browserOffline = readonly(this._browserOffline)
  }

  /** The id of the last event delivered; sent as `resume_after` on reconnect. */
  get lastEventId(): string | null {
    return this.lastEventIdValue
  }

  setAuth(auth: SocketAuth | null): void {
    this.auth = auth
  }

  /** Opens the connection (idempotent). */
  connect(): void {
    if (this.wanted) return
    this.wanted = true
    this.attempt = 0
    this.authFailuresInARow = 0
    this._browserOffline.value = browserSaysOffline()
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onBrowserOnline)
      window.addEventListener('offline', this.onBrowserOffline)
    }
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibilityChange)
    this.open()
  }

  /** Closes for good (log out): forgets the resume position too. */
  disconnect(): void {
    this.wanted = false
    this.generation++
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onBrowserOnline)
      window.removeEventListener('offline', this.onBrowserOffline)
    }
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibilityChange)
    this.clearTimers()
    const ws = this.ws
    this.ws = null
    if (ws) {
      detach(ws)
      try {
        ws.close(1000, 'logout')
      } catch {
        /* already closed */
      }
    }
    this._state.value = 'offline'
    this._hasBeenReady.value = false
    this._readyFrame.value = null
    this._browserOffline.value = false
    this.lastEventIdValue = null
    this.seen.clear()
  }

  /**
   * Subscribes to events of one `type` (e.g. `message.created`), or to all
   * with `'*'`. Returns the unsubscribe function. `T` is taken from `type`
   * alone (`NoInfer`), and types the handler's parameters.
   */
  on<T extends Subscription>(type: T, handler: EventHandler<NoInfer<T>>): () => void {
    let set = this.handlers.get(type)
    if (!set) {
      set = new Set()
      this.handlers.set(type, set)
    }
    set.add(handler as AnyHandler)
    return () => this.off(type, handler)
  }

  off<T extends Subscription>(type: T, handler: EventHandler<NoInfer<T>>): void {
    this.handlers.get(type)?.delete(handler as AnyHandler)
  }

  /** Sends a frame on a ready connection; false when not ready (not queued). */
  send(frame: { op: string; [key: string]: unknown }): boolean {
    if (this._state.value !== 'ready' || !this.ws || this.ws.readyState !== WS_OPEN) return false
    this.ws.send(JSON.stringify(frame))
    return true
  }

  // ---- connection lifecycle ------------------------------------------------

  private open(): void {
    this.clearReconnectTimer()
    if (!this.wanted) return
    this._state.value = this._hasBeenReady.value ? 'reconnecting' : 'connecting'

    const token = this.auth?.getToken() ?? null
    if (!token) {
      this.tokenSent = null
      void this.handleBadToken()
      return
    }

    const Ctor = this.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketCtor | undefined)
    let ws: WebSocketLike
    try {
      if (!Ctor) throw new Error('WebSocket is not available')
      ws = new Ctor(this.resolveUrl())
    } catch {
      this.scheduleReconnect()
      return
    }
    this.ws = ws
    ws.onopen = () => {
      if (ws !== this.ws) return
      this.identify(ws)
    }
    ws.onmessage = (ev) => {
      if (ws !== this.ws) return
      this.handleFrame(ev.data)
    }
    ws.onclose = (ev) => {
      if (ws !== this.ws) return
      this.handleClose(ev.code)
    }
    ws.onerror = () => {
      /* a close event follows */
    }
    this.readyTimer = setTimeout(() => this.abort(ws), this.opts.readyTimeoutMs)
  }

  private identify(ws: WebSocketLike): void {
    const token = this.auth?.getToken() ?? null
    this.tokenSent = token
    const frame: { op: 'identify'; token: string | null; resume_after?: string } = { op: 'identify', token }
    if (this.lastEventIdValue) frame.resume_after = this.lastEventIdValue
    ws.send(JSON.stringify(frame))
  }

  private handleFrame(raw: unknown): void {
    if (typeof raw !== 'string') return
    let msg: { op?: unknown; [key: string]: unknown }
    try {
      msg = JSON.parse(raw)
    } catch {
      return
    }
    if (typeof msg !== 'object' || msg === null) return
    switch (msg.op) {
      case 'ready':
        this.onReady(msg as ReadyFrame)
        break
      case 'pong':
        this.awaitingPong = false
        break
      case 'event':
        this.onEvent(msg as unknown as GatewayEvent)
        break
      default:
        break
    }
  }

  private onReady(frame: ReadyFrame): void {
    this.clearReadyTimer()
    this.attempt = 0
    this.authFailuresInARow = 0
    this._readyFrame.value = frame
    this._hasBeenReady.value = true
    this._state.value = 'ready'
    const interval =
      typeof frame.heartbeat_interval_ms === 'number' && frame.heartbeat_interval_ms > 0
        ? frame.heartbeat_interval_ms
        : this.opts.defaultHeartbeatMs
    this.startHeartbeat(interval)
    // Whether this tab is shown: the server sends no Web Push while one is.
    this.sendVisibility()
  }

  /** `{"op":"visibility"}` with whether the tab is shown, on a ready connection. */
  private sendVisibility(): void {
    const visible = this.visible()
    if (visible !== null) this.send({ op: 'visibility', visible })
  }

  private onEvent(event: GatewayEvent): void {
    if (typeof event.type !== 'string') return
    // Without an id the event is not resumable (typing, resync): deliver it
    // as is, and keep resuming from the last stored event.
    if (typeof event.id === 'string') {
      if (this.seen.has(event.id)) return
      this.remember(event.id)
      this.lastEventIdValue = event.id
    }
    this.dispatch(event.type, event)
    this.dispatch('*', event)
  }

  private remember(id: string): void {
    this.seen.add(id)
    if (this.seen.size > this.opts.dedupeWindow) {
      const oldest = this.seen.values().next().value
      if (oldest !== undefined) this.seen.delete(oldest)
    }
  }

  private dispatch(type: string, event: GatewayEvent): void {
    const set = this.handlers.get(type)
    if (!set) return
    for (const handler of [...set]) {
      try {
        handler(event.data, event)
      } catch (e) {
        console.error(`socket handler for "${type}" failed`, e)
      }
    }
  }

  private startHeartbeat(intervalMs: number): void {
    this.stopHeartbeat()
    this.awaitingPong = false
    this.heartbeatTimer = setInterval(() => {
      const ws = this.ws
      if (!ws) return
      if (this.awaitingPong) {
        // No pong for a whole interval: the link is dead even if TCP hasn't noticed.
        this.abort(ws)
        return
      }
      this.awaitingPong = true
      ws.send(JSON.stringify({ op: 'ping' }))
    }, intervalMs)
  }

  /** Drops a connection that stopped answering and reconnects. */
  private abort(ws: WebSocketLike): void {
    if (ws !== this.ws) return
    detach(ws)
    try {
      ws.close(CLOSE_CLIENT_TIMEOUT, 'timeout')
    } catch {
      /* ignore */
    }
    this.handleClose(CLOSE_CLIENT_TIMEOUT)
  }

  private handleClose(code: number): void {
    this.ws = null
    this.clearTimers()
    if (!this.wanted) {
      this._state.value = 'offline'
      return
    }
    if (code === CLOSE_BAD_TOKEN || code === CLOSE_LOGIN_ENDED) {
      void this.handleBadToken(code)
      return
    }
    this.scheduleReconnect(DRAIN_CODES.has(code))
  }

  private async handleBadToken(closeCode?: number): Promise<void> {
    const gen = this.generation
    this._state.value = this._hasBeenReady.value ? 'reconnecting' : 'connecting'
    this.authFailuresInARow++
    let ok: boolean
    try {
      ok = this.auth ? await this.auth.refresh(this.tokenSent, closeCode) : false
    } catch {
      if (gen === this.generation && this.wanted) this.scheduleReconnect()
      return
    }
    if (gen !== this.generation || !this.wanted) return
    if (!ok) {
      // The session is gone; the auth layer logs the user out.
      this.wanted = false
      this.clearTimers()
      this._state.value = 'offline'
      return
    }
    // A fresh token should work at once; if it was refused again, back off.
    if (this.authFailuresInARow <= 1) this.open()
    else this.scheduleReconnect()
  }

  private scheduleReconnect(drain = false): void {
    this.clearReconnectTimer()
    if (!this.wanted) return
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      // Wait for the browser's `online` event instead of spinning.
      this._state.value = 'offline'
      return
    }
    this._state.value = this._hasBeenReady.value ? 'reconnecting' : 'connecting'
    // A draining server sends everyone away at once: spread them out.
    const attempt = drain ? Math.max(this.attempt, 3) : this.attempt
    this.attempt++
    const delay = backoffDelay(attempt, {
      baseMs: this.opts.baseDelayMs,
      capMs: this.opts.maxDelayMs,
      random: this.opts.random,
    })
    this.reconnectTimer = setTimeout(() => this.open(), delay)
  }

  private resolveUrl(): string {
    if (typeof this.urlOption === 'function') return this.urlOption()
    return this.urlOption ?? defaultSocketUrl()
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer)
    this.heartbeatTimer = null
    this.awaitingPong = false
  }

  private clearReadyTimer(): void {
    if (this.readyTimer !== null) clearTimeout(this.readyTimer)
    this.readyTimer = null
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
  }

  private clearTimers(): void {
    this.stopHeartbeat()
    this.clearReadyTimer()
    this.clearReconnectTimer()
  }
}

function detach(ws: WebSocketLike): void {
  ws.onopen = null
  ws.onmessage = null
  ws.onclose = null
  ws.onerror = null
}

/** The tab's one gateway connection. The auth store sets its auth hooks. */
export const socket = new SocketClient()
