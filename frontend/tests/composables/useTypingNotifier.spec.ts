import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'

import { TYPING_REPEAT_MS, useTypingNotifier } from '@/composables/useTypingNotifier'

function setup(connected = true) {
  let t = 1_000_000
  const client = { send: vi.fn(() => connected) }
  const conversation = ref<string | null>('c1')
  const notifier = useTypingNotifier(conversation, client, () => t)
  return { client, conversation, notifier, advance: (ms: number) => (t += ms) }
}

describe('useTypingNotifier', () => {
  it('sends one typing op per 3 s while the user types', () => {
    const { client, notifier, advance } = setup()
    notifier.typed()
    advance(1000)
    notifier.typed()
    advance(TYPING_REPEAT_MS - 1000 - 1)
    notifier.typed()
    expect(client.send).toHaveBeenCalledTimes(1)
    expect(client.send).toHaveBeenCalledWith({ op: 'typing', conversation_id: 'c1' })

    advance(1)
    notifier.typed()
    expect(client.send).toHaveBeenCalledTimes(2)
  })

  it('starts afresh in another conversation and after a send', () => {
    const { client, conversation, notifier } = setup()
    notifier.typed()
    conversation.value = 'c2'
    notifier.typed()
    notifier.reset()
    notifier.typed()
    expect(client.send.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { op: 'typing', conversation_id: 'c1' },
      { op: 'typing', conversation_id: 'c2' },
      { op: 'typing', conversation_id: 'c2' },
    ])
  })

  it('tries again on the next keystroke when the socket was not ready', () => {
    const { client, notifier } = setup(false)
    notifier.typed()
    notifier.typed()
    expect(client.send).toHaveBeenCalledTimes(2)
  })

  it('does nothing without a conversation', () => {
    const { client, conversation, notifier } = setup()
    conversation.value = null
    notifier.typed()
    expect(client.send).not.toHaveBeenCalled()
  })
})
