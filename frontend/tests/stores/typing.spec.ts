import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { TYPING_TTL_MS, useTypingStore } from '@/stores/typing'

import { bob, carol, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('typing store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.useRealTimers())

  it('shows a typist for a few seconds after their last notice', () => {
    const typing = useTypingStore()
    typing.apply({ conversation_id: 'c1', user_id: bob.id })
    expect(typing.typers('c1')).toEqual([bob.id])

    vi.advanceTimersByTime(TYPING_TTL_MS - 1000)
    typing.apply({ conversation_id: 'c1', user_id: bob.id }) // still typing: the clock restarts
    vi.advanceTimersByTime(TYPING_TTL_MS - 1)
    expect(typing.typers('c1')).toEqual([bob.id])

    vi.advanceTimersByTime(1)
    expect(typing.typers('c1')).toEqual([])
  })

  it('lists several typists per conversation and ends one when their message lands', () => {
    const typing = useTypingStore()
    typing.apply({ conversation_id: 'c1', user_id: bob.id })
    typing.apply({ conversation_id: 'c1', user_id: carol.id })
    typing.apply({ conversation_id: 'c2', user_id: carol.id })
    expect(typing.typers('c1')).toEqual([bob.id, carol.id])

    typing.stop('c1', bob.id)
    expect(typing.typers('c1')).toEqual([carol.id])
    expect(typing.typers('c2')).toEqual([carol.id])
  })

  it('ignores my own notices (from my other tabs)', () => {
    const typing = useTypingStore()
    typing.apply({ conversation_id: 'c1', user_id: me.id })
    expect(typing.typers('c1')).toEqual([])
  })

  it('reset clears typists and their timers', () => {
    const typing = useTypingStore()
    typing.apply({ conversation_id: 'c1', user_id: bob.id })
    vi.advanceTimersByTime(TYPING_TTL_MS - 1000)
    typing.reset()
    expect(typing.typers('c1')).toEqual([])

    // The old timer is gone: it does not cut a new notice short.
    typing.apply({ conversation_id: 'c1', user_id: bob.id })
    vi.advanceTimersByTime(TYPING_TTL_MS - 1)
    expect(typing.typers('c1')).toEqual([bob.id])
  })
})
