import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'

import { useIdlePresence } from '@/composables/useIdlePresence'
import type { SocketState } from '@/realtime/socket'

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('useIdlePresence', () => {
  let scope: ReturnType<typeof effectScope>

  beforeEach(() => {
    vi.useFakeTimers()
    setVisibility('visible')
    scope = effectScope()
  })
  afterEach(() => {
    scope.stop()
    vi.useRealTimers()
    setVisibility('visible')
  })

  function setup() {
    const state = ref<SocketState>('ready')
    const client = { send: vi.fn(() => true), state }
    scope.run(() => useIdlePresence(client, 60_000))
    const sent = () => client.send.mock.calls.map((c) => ((c as unknown[])[0] as { status: string }).status)
    return { client, state, sent }
  }

  it('says away after a quiet minute and online at the next input', () => {
    const { sent } = setup()
    vi.advanceTimersByTime(59_999)
    expect(sent()).toEqual([])
    vi.advanceTimersByTime(1)
    expect(sent()).toEqual(['away'])

    window.dispatchEvent(new Event('keydown'))
    window.dispatchEvent(new Event('keydown'))
    expect(sent()).toEqual(['away', 'online'])
  })

  it('input keeps the tab online', () => {
    const { sent } = setup()
    vi.advanceTimersByTime(50_000)
    window.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(50_000)
    expect(sent()).toEqual([])
  })

  it('a hidden tab goes away after the same while, and is back when shown', () => {
    const { sent } = setup()
    setVisibility('hidden')
    window.dispatchEvent(new Event('wheel')) // not from the user: the tab is hidden
    vi.advanceTimersByTime(60_000)
    expect(sent()).toEqual(['away'])
    setVisibility('visible')
    expect(sent()).toEqual(['away', 'online'])
  })

  it('says away again on a new connection while idle', async () => {
    const { state, sent } = setup()
    vi.advanceTimersByTime(60_000)
    state.value = 'reconnecting'
    await nextTick()
    state.value = 'ready'
    await nextTick()
    expect(sent()).toEqual(['away', 'away'])
  })

  it('stops listening with its owner', () => {
    const { sent } = setup()
    scope.stop()
    vi.advanceTimersByTime(120_000)
    window.dispatchEvent(new Event('keydown'))
    expect(sent()).toEqual([])
  })
})
