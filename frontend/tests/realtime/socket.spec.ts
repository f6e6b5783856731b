import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'

import type { EventData, EventType, Group, Message, RoleDeleted, TypingStarted } from '@/api/types'
import {
  backoffDelay,
  CLOSE_BAD_TOKEN,
  CLOSE_LOGIN_ENDED,
  CLOSE_CLIENT_TIMEOUT,
  defaultSocketUrl,
  SocketClient,
  type GatewayEvent,
  type Resync,
  type SocketAuth,
} from '@/realtime/socket'

import { FakeWebSocket } from '../helpers/fakeSocket'

function makeAuth(tokens: string[] = ['t1']) {
  let current = tokens[0] ?? null
  const auth = {
    getToken: vi.fn(() => current),
    refresh: vi.fn(async (_stale: string | null, _code?: number) => {
      const i = tokens.indexOf(current ?? '')
      current = tokens[i + 1] ?? current
      return true
    }),
  } satisfies SocketAuth
  return auth
}

function makeClient(auth: SocketAuth = makeAuth(), random = () => 0.5) {
  return new SocketClient({ url: 'ws://test/ws', WebSocket: FakeWebSocket, auth, random })
}

const event = (id: string, type = 'message.created', data: unknown = { id: `m-${id}` }) => ({
  op: 'event',
  id,
  type,
  data,
})

describe('backoffDelay (full jitter)', () => {
  it('is uniform below min(cap, base * 2^attempt)', () => {
    expect(backoffDelay(0, { baseMs: 500, random: () => 0.999 })).toBe(499)
    expect(backoffDelay(3, { baseMs: 500, random: () => 0.5 })).toBe(2000)
    expect(backoffDelay(2, { baseMs: 500, random: () => 0 })).toBe(0)
  })

  it('caps at 30 s', () => {
    expect(backoffDelay(10, { random: () => 0.999999 })).toBeLessThan(30_000)
    expect(backoffDelay(10, { random: () => 0.5 })).toBe(15_000)
    expect(backoffDelay(1000, { random: () => 0.5 })).toBe(15_000)
  })
})

describe('SocketClient', () => {
  /** Every client a test connected: logged out after it, so none hears the next test's online/offline events. */
  const connected: SocketClient[] = []
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
    const connect = SocketClient.prototype.connect
    vi.spyOn(SocketClient.prototype, 'connect').mockImplementation(function (this: SocketClient) {
      connected.push(this)
      connect.call(this)
    })
  })
  afterEach(() => {
    for (const client of connected.splice(0)) client.disconnect()
    vi.useRealTimers()
  })

  it('derives ws:// or wss:// from the page', () => {
    expect(defaultSocketUrl()).toBe(`ws://${window.location.host}/ws`)
  })

  it('identifies first, then is ready', () => {
    const client = makeClient()
    expect(client.state.value).toBe('offline')

    client.connect()
    client.connect() // idempotent: one socket per tab
    expect(FakeWebSocket.instances).toHaveLength(1)
    expect(client.state.value).toBe('connecting')

    const ws = FakeWebSocket.last
    expect(ws.url).toBe('ws://test/ws')
    ws.serverOpen()
    expect(ws.sent).toEqual([{ op: 'identify', token: 't1' }])

    ws.serverSend({ op: 'ready', user: { id: 'u1' }, heartbeat_interval_ms: 1000 })
    expect(client.state.value).toBe('ready')
    expect(client.hasBeenReady.value).toBe(true)
    expect(client.readyFrame.value?.user).toEqual({ id: 'u1' })
  })

  it('pings at the interval from ready and reconnects when a pong is missing', () => {
    const client = makeClient()
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept({ heartbeat_interval_ms: 1000 })

    vi.advanceTimersByTime(999)
    expect(ws.sentOps()).toEqual(['identify', 'visibility'])
    vi.advanceTimersByTime(1)
    expect(ws.sentOps()).toEqual(['identify', 'visibility', 'ping'])

    ws.serverSend({ op: 'pong' })
    vi.advanceTimersByTime(1000)
    expect(ws.sentOps()).toEqual(['identify', 'visibility', 'ping', 'ping'])
    expect(ws.closedWith).toBeNull()

    // No pong this time: the next tick gives up on the socket.
    vi.advanceTimersByTime(1000)
    expect(ws.closedWith?.code).toBe(CLOSE_CLIENT_TIMEOUT)
    expect(client.state.value).toBe('reconnecting')
  })

  it('uses a 20 s heartbeat when ready does not say', () => {
    const client = makeClient()
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()
    vi.advanceTimersByTime(19_999)
    expect(ws.sentOps()).toEqual(['identify', 'visibility'])
    vi.advanceTimersByTime(1)
    expect(ws.sentOps()).toEqual(['identify', 'visibility', 'ping'])
  })

  it('gives up on a connection that never says ready', () => {
    const client = new SocketClient({
      url: 'ws://test/ws',
      WebSocket: FakeWebSocket,
      auth: makeAuth(),
      readyTimeoutMs: 5000,
      random: () => 0,
    })
    client.connect()
    FakeWebSocket.last.serverOpen()
    vi.advanceTimersByTime(5000)
    expect(FakeWebSocket.instances[0]!.closedWith?.code).toBe(CLOSE_CLIENT_TIMEOUT)
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.instances).toHaveLength(2)
    expect(client.state.value).toBe('connecting')
  })

  it('types subscriptions from the event catalogue (checked by vue-tsc)', () => {
    expectTypeOf<EventData<'typing.started'>>().toEqualTypeOf<TypingStarted>()
    expectTypeOf<'group_invite.revoked' | 'session.revoked'>().toExtend<EventType>()
    expectTypeOf<'resync'>().not.toExtend<EventType>()

    const client = makeClient()
    const offs = [
      client.on('message.created', (m, e) => {
        expectTypeOf(m).toEqualTypeOf<Message>()
        expectTypeOf(e.type).toEqualTypeOf<'message.created'>()
      }),
      client.on('group.role_deleted', (d) => expectTypeOf(d).toEqualTypeOf<RoleDeleted>()),
      client.on('resync', (d) => expectTypeOf(d).toEqualTypeOf<Resync>()),
      client.on('*', (_d, e) => expectTypeOf(e).toEqualTypeOf<GatewayEvent>()),
      // @ts-expect-error: no such event type
      client.on('message.made', () => {}),
      // @ts-expect-error: message.created carries a Message, not a Group
      client.on('message.created', (g: Group) => g),
    ]
    for (const off of offs) off()
  })

  it('delivers events by type and to "*", and unsubscribes', () => {
    const client = makeClient()
    const created = vi.fn()
    const all = vi.fn()
    const off = client.on('message.created', created)
    client.on('*', all)
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()

    ws.serverSend(event('1-0'))
    ws.serverSend(event('2-0', 'typing.started', { user_id: 'u2' }))
    expect(created).toHaveBeenCalledTimes(1)
    expect(created).toHaveBeenCalledWith({ id: 'm-1-0' }, expect.objectContaining({ id: '1-0' }))
    expect(all).toHaveBeenCalledTimes(2)
    expect(client.lastEventId).toBe('2-0')

    off()
    ws.serverSend(event('3-0'))
    expect(created).toHaveBeenCalledTimes(1)
    expect(all).toHaveBeenCalledTimes(3)
  })

  it('drops an event id it has already seen', () => {
    const client = makeClient()
    const handler = vi.fn()
    client.on('message.created', handler)
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()

    ws.serverSend(event('1-0'))
    ws.serverSend(event('1-0'))
    ws.serverSend(event('2-0'))
    ws.serverSend(event('1-0'))
    expect(handler.mock.calls.map(([, e]) => e.id)).toEqual(['1-0', '2-0'])
  })

  it('delivers id-less events (typing, resync) every time without moving the resume point', () => {
    const client = makeClient()
    const typing = vi.fn()
    const resync = vi.fn()
    client.on('typing.started', typing)
    client.on('resync', resync)
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()

    ws.serverSend(event('1-0'))
    const notice = { op: 'event', type: 'typing.started', data: { conversation_id: 'c1', user_id: 'u2' } }
    ws.serverSend(notice)
    ws.serverSend(notice)
    ws.serverSend({ op: 'event', type: 'resync', data: { reason: 'trimmed' } })

    expect(typing).toHaveBeenCalledTimes(2)
    expect(typing).toHaveBeenCalledWith({ conversation_id: 'c1', user_id: 'u2' }, expect.anything())
    expect(resync).toHaveBeenCalledWith({ reason: 'trimmed' }, expect.anything())
    expect(client.lastEventId).toBe('1-0')
  })

  it('keeps one failing handler from starving the others', () => {
    const client = makeClient()
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    const good = vi.fn()
    client.on('message.created', () => {
      throw new Error('boom')
    })
    client.on('message.created', good)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverSend(event('1-0'))
    expect(good).toHaveBeenCalledTimes(1)
    expect(spy).toHaveBeenCalled()
  })

  it('resumes after the last event id and drops replayed events', () => {
    const client = makeClient()
    const handler = vi.fn()
    client.on('*', handler)
    client.connect()
    const first = FakeWebSocket.last
    first.accept()
    first.serverSend(event('1-0'))
    first.serverSend(event('2-0'))

    first.serverClose(1006)
    expect(client.state.value).toBe('reconnecting')
    vi.runOnlyPendingTimers()

    const second = FakeWebSocket.last
    expect(second).not.toBe(first)
    second.serverOpen()
    expect(second.sent[0]).toEqual({ op: 'identify', token: 't1', resume_after: '2-0' })
    second.serverSend({ op: 'ready' })
    second.serverSend(event('2-0')) // replayed by an at-least-once relay
    second.serverSend(event('3-0'))

    expect(handler.mock.calls.map(([, e]) => e.id)).toEqual(['1-0', '2-0', '3-0'])
    expect(client.lastEventId).toBe('3-0')
  })

  it('backs off exponentially with full jitter, capped at 30 s, and resets once ready', () => {
    const client = makeClient(makeAuth(), () => 0.999)
    client.connect()
    // Fail every attempt before ready and record the wait before the next socket.
    const waits: number[] = []
    for (let i = 0; i < 9; i++) {
      const count = FakeWebSocket.instances.length
      FakeWebSocket.last.serverClose(1006)
      let waited = 0
      while (FakeWebSocket.instances.length === count) {
        vi.advanceTimersByTime(1)
        waited++
      }
      waits.push(waited)
    }
    // floor(0.999 * min(30 000, 500 * 2^n))
    expect(waits).toEqual([499, 999, 1998, 3996, 7992, 15_984, 29_970, 29_970, 29_970])

    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(1006)
    // Back to the first step: floor(0.999 * 500) = 499 ms.
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(498)
    const before = FakeWebSocket.instances.length
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.instances.length).toBe(before + 1)
  })

  it('spreads clients out when a draining server sends them away', () => {
    const client = makeClient(makeAuth(), () => 0.5)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(1012)
    const count = FakeWebSocket.instances.length
    vi.advanceTimersByTime(1999)
    expect(FakeWebSocket.instances.length).toBe(count)
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.instances.length).toBe(count + 1)
  })

  it('on close 4001 refreshes the token and reconnects at once with the new one', async () => {
    const auth = makeAuth(['t1', 't2'])
    const client = makeClient(auth)
    client.connect()
    const first = FakeWebSocket.last
    first.accept()
    first.serverSend(event('5-0'))
    first.serverClose(CLOSE_BAD_TOKEN)

    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2))
    expect(auth.refresh).toHaveBeenCalledWith('t1', CLOSE_BAD_TOKEN)
    const second = FakeWebSocket.last
    second.serverOpen()
    expect(second.sent[0]).toEqual({ op: 'identify', token: 't2', resume_after: '5-0' })
    second.serverSend({ op: 'ready' })
    expect(client.state.value).toBe('ready')
  })

  it('on close 4001 with a refused refresh goes offline and stays there', async () => {
    const auth = makeAuth()
    auth.refresh.mockResolvedValue(false)
    const client = makeClient(auth)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(CLOSE_BAD_TOKEN)

    await vi.waitFor(() => expect(client.state.value).toBe('offline'))
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('on close 4004 (login ended) asks the auth layer and goes offline when the session is gone', async () => {
    const auth = makeAuth()
    auth.refresh.mockResolvedValue(false)
    const client = makeClient(auth)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(CLOSE_LOGIN_ENDED)

    await vi.waitFor(() => expect(client.state.value).toBe('offline'))
    expect(auth.refresh).toHaveBeenCalledTimes(1)
    // The auth layer is told the login ended, to say so to the user.
    expect(auth.refresh).toHaveBeenCalledWith('t1', CLOSE_LOGIN_ENDED)
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('on close 4001 with an unreachable auth server retries with backoff', async () => {
    const auth = makeAuth()
    auth.refresh.mockRejectedValueOnce(new Error('network'))
    const client = makeClient(auth, () => 0.5)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(CLOSE_BAD_TOKEN)
    await vi.waitFor(() => expect(auth.refresh).toHaveBeenCalledTimes(1))
    await Promise.resolve()
    expect(client.state.value).toBe('reconnecting')
    expect(FakeWebSocket.instances).toHaveLength(1)
    vi.advanceTimersByTime(250)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('a second 4001 in a row backs off instead of looping', async () => {
    const auth = makeAuth(['t1', 't2', 't3'])
    const client = makeClient(auth, () => 0.5)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(CLOSE_BAD_TOKEN)
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2))
    FakeWebSocket.last.serverOpen()
    FakeWebSocket.last.serverClose(CLOSE_BAD_TOKEN)
    await vi.waitFor(() => expect(auth.refresh).toHaveBeenCalledTimes(2))
    await Promise.resolve()
    expect(FakeWebSocket.instances).toHaveLength(2)
    vi.advanceTimersByTime(250)
    expect(FakeWebSocket.instances).toHaveLength(3)
  })

  it('disconnect closes for good and forgets the resume position', () => {
    const client = makeClient()
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()
    ws.serverSend(event('9-0'))

    client.disconnect()
    expect(ws.closedWith?.code).toBe(1000)
    expect(client.state.value).toBe('offline')
    expect(client.hasBeenReady.value).toBe(false)
    expect(client.lastEventId).toBeNull()
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)

    // A later login starts afresh.
    client.connect()
    FakeWebSocket.last.serverOpen()
    expect(FakeWebSocket.last.sent[0]).toEqual({ op: 'identify', token: 't1' })
  })

  it('send() only works on a ready connection', () => {
    const client = makeClient()
    expect(client.send({ op: 'typing' })).toBe(false)
    client.connect()
    FakeWebSocket.last.accept()
    expect(client.send({ op: 'typing', conversation_id: 'c1' })).toBe(true)
    expect(FakeWebSocket.last.sent.at(-1)).toEqual({ op: 'typing', conversation_id: 'c1' })
  })

  it('says whether the tab is shown after each ready (a resume too) and on every change', () => {
    let shown = true
    const client = new SocketClient({
      url: 'ws://test/ws',
      WebSocket: FakeWebSocket,
      auth: makeAuth(),
      random: () => 0,
      visible: () => shown,
    })
    client.connect()
    const first = FakeWebSocket.last
    first.accept()
    expect(first.sent[1]).toEqual({ op: 'visibility', visible: true })

    shown = false
    document.dispatchEvent(new Event('visibilitychange'))
    expect(first.sent.at(-1)).toEqual({ op: 'visibility', visible: false })

    // Reconnected and resumed: the new socket is told at once, after its identify.
    first.serverSend(event('3-0'))
    first.serverClose(1006)
    vi.runOnlyPendingTimers()
    const second = FakeWebSocket.last
    second.accept()
    expect(second.sent).toEqual([
      { op: 'identify', token: 't1', resume_after: '3-0' },
      { op: 'visibility', visible: false },
    ])

    // Not while connecting (nothing to send on), and not after logging out.
    client.disconnect()
    shown = true
    document.dispatchEvent(new Event('visibilitychange'))
    expect(second.sentOps()).toEqual(['identify', 'visibility'])
  })

  it('sends no visibility where nothing says whether the tab is shown', () => {
    const client = new SocketClient({ url: 'ws://test/ws', WebSocket: FakeWebSocket, auth: makeAuth(), visible: () => null })
    client.connect()
    FakeWebSocket.last.accept()
    expect(FakeWebSocket.last.sentOps()).toEqual(['identify'])
  })

  it('goes offline at the browser’s offline event, and on online reconnects at once and resumes', () => {
    const client = makeClient(makeAuth(), () => 0.999)
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()
    ws.serverSend(event('7-0'))
    expect(client.browserOffline.value).toBe(false)

    window.dispatchEvent(new Event('offline'))
    // At once: no waiting for a heartbeat to go unanswered.
    expect(client.state.value).toBe('offline')
    expect(client.browserOffline.value).toBe(true)
    expect(ws.closedWith?.code).toBe(1000)
    // Nothing is tried meanwhile.
    vi.advanceTimersByTime(120_000)
    expect(FakeWebSocket.instances).toHaveLength(1)

    window.dispatchEvent(new Event('online'))
    expect(client.browserOffline.value).toBe(false)
    expect(FakeWebSocket.instances).toHaveLength(2)
    expect(client.state.value).toBe('reconnecting')
    FakeWebSocket.last.serverOpen()
    expect(FakeWebSocket.last.sent[0]).toEqual({ op: 'identify', token: 't1', resume_after: '7-0' })
    FakeWebSocket.last.serverSend({ op: 'ready' })
    expect(client.state.value).toBe('ready')
  })

  it('online during a backoff wait reconnects now, not when the timer says', () => {
    const client = makeClient(makeAuth(), () => 0.999)
    client.connect()
    FakeWebSocket.last.accept()
    FakeWebSocket.last.serverClose(1006)
    expect(FakeWebSocket.instances).toHaveLength(1)
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances).toHaveLength(2)
    FakeWebSocket.last.accept()
    // The old timer is gone: no third socket when it would have fired.
    vi.advanceTimersByTime(10_000)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('ignores online and offline once logged out', () => {
    const client = makeClient()
    client.connect()
    FakeWebSocket.last.accept()
    client.disconnect()
    window.dispatchEvent(new Event('offline'))
    window.dispatchEvent(new Event('online'))
    expect(client.browserOffline.value).toBe(false)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('ignores frames that are not JSON objects', () => {
    const client = makeClient()
    client.connect()
    const ws = FakeWebSocket.last
    ws.accept()
    ws.onmessage?.(new MessageEvent('message', { data: 'not json' }))
    ws.onmessage?.(new MessageEvent('message', { data: 'null' }))
    expect(client.state.value).toBe('ready')
  })
})
