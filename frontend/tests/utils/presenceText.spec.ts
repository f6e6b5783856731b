import { describe, expect, it } from 'vitest'

import { presenceLabel } from '@/utils/presenceText'
import { timeAgo } from '@/i18n/format'

describe('presenceLabel', () => {
  const now = new Date('2024-06-01T12:00:00Z')
  const p = (status: 'online' | 'away' | 'offline', last_seen_at: string | null = null) => ({ user_id: 'u', status, last_seen_at, version: 1 })

  it('says online, away, or when they were last seen', () => {
    expect(presenceLabel(p('online'), now)).toBe('Online')
    expect(presenceLabel(p('away'), now)).toBe('Away')
    expect(presenceLabel(p('offline', '2024-06-01T11:55:00Z'), now)).toBe('Last seen 5 minutes ago')
    expect(presenceLabel(p('offline'), now)).toBe('Offline')
    expect(presenceLabel(undefined, now)).toBe('')
  })
})

describe('timeAgo', () => {
  const now = new Date('2024-06-01T12:00:00Z')
  it('counts up from seconds to days', () => {
    expect(timeAgo('2024-06-01T11:59:30Z', now)).toBe('just now')
    expect(timeAgo('2024-06-01T11:59:00Z', now)).toBe('1 minute ago')
    expect(timeAgo('2024-06-01T09:00:00Z', now)).toBe('3 hours ago')
  })
})
