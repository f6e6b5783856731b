import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'

import { useNow } from '@/composables/useNow'

describe('useNow', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2024-06-01T12:00:00Z') }))
  afterEach(() => vi.useRealTimers())

  it('ticks at its interval and stops with its owner', () => {
    const scope = effectScope()
    const now = scope.run(() => useNow(1000))!
    expect(now.value.toISOString()).toBe('2024-06-01T12:00:00.000Z')
    vi.advanceTimersByTime(1000)
    expect(now.value.toISOString()).toBe('2024-06-01T12:00:01.000Z')
    scope.stop()
    vi.advanceTimersByTime(5000)
    expect(now.value.toISOString()).toBe('2024-06-01T12:00:01.000Z')
  })
})
