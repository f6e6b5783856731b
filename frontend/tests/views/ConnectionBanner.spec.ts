import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import ConnectionBanner from '@/components/layout/ConnectionBanner.vue'
import { SocketClient } from '@/realtime/socket'

import { FakeWebSocket } from '../helpers/fakeSocket'

describe('ConnectionBanner', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
  })
  afterEach(() => vi.useRealTimers())

  it('stays quiet while first connecting, then shows "Reconnecting…" after a drop', async () => {
    const client = new SocketClient({
      url: 'ws://test/ws',
      WebSocket: FakeWebSocket,
      auth: { getToken: () => 't1', refresh: async () => true },
    })
    const wrapper = mount(ConnectionBanner, { props: { client } })
    const region = wrapper.get('[role="status"]')
    expect(region.attributes('aria-live')).toBe('polite')

    client.connect()
    await wrapper.vm.$nextTick()
    expect(region.text()).toBe('')

    FakeWebSocket.last.accept()
    await wrapper.vm.$nextTick()
    expect(region.text()).toBe('')

    FakeWebSocket.last.serverClose(1006)
    await wrapper.vm.$nextTick()
    expect(region.text()).toBe('Reconnecting…')

    vi.runOnlyPendingTimers()
    FakeWebSocket.last.accept()
    await wrapper.vm.$nextTick()
    expect(region.text()).toBe('')

    client.disconnect()
    await wrapper.vm.$nextTick()
    expect(region.text()).toBe('')
  })
})
