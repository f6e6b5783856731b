import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { Presence } from '@/api/types'
import { usePresenceStore } from '@/stores/presence'

const update = (status: Presence['status'], version: number, last_seen_at: string | null = null): Presence => ({
  user_id: 'u2',
  status,
  last_seen_at,
  version,
})

describe('presence store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('keeps the update with the highest version, whatever the arrival order', () => {
    const presence = usePresenceStore()
    expect(presence.apply(update('online', 2))).toBe(true)
    // Version 1 was announced by another gateway earlier but arrives late.
    expect(presence.apply(update('offline', 1, '2024-06-01T08:00:00Z'))).toBe(false)
    expect(presence.of('u2')?.status).toBe('online')

    expect(presence.apply(update('away', 3))).toBe(true)
    expect(presence.of('u2')).toEqual(update('away', 3))
    // The same update twice is not news.
    expect(presence.apply(update('away', 3))).toBe(false)
  })

  it('takes REST snapshots, keeping the highest version seen so late updates still lose', () => {
    const presence = usePresenceStore()
    presence.apply(update('online', 5))
    presence.seed([update('offline', 0, '2024-06-01T09:00:00Z')])
    expect(presence.of('u2')).toEqual({ ...update('offline', 5, '2024-06-01T09:00:00Z') })

    expect(presence.apply(update('online', 4))).toBe(false)
    expect(presence.apply(update('online', 6))).toBe(true)
    expect(presence.of('u2')?.status).toBe('online')
  })

  it('accepts any live update over a snapshot of someone new', () => {
    const presence = usePresenceStore()
    presence.seed([update('offline', 0, '2024-06-01T09:00:00Z')])
    expect(presence.apply(update('online', 1))).toBe(true)
    expect(presence.of('u2')?.status).toBe('online')
    expect(presence.of('nobody')).toBeUndefined()

    presence.reset()
    expect(presence.of('u2')).toBeUndefined()
  })
})
