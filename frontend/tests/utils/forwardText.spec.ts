import { describe, expect, it } from 'vitest'

import { ApiError } from '@/api/client'
import { forwardRefusal } from '@/utils/forwardText'

const refused = (status: number, code: string, retryAfter?: number) =>
  new ApiError({ status, code, message: 'for developers', retryAfter })

describe('forwardRefusal', () => {
  it('says each refusal in plain words, the chat’s name isolated (FSI … PDI) for its own direction', () => {
    expect(forwardRefusal(refused(403, 'missing_permission'), 'Hikers', false)).toBe(
      'Your role in \u2068Hikers\u2069 does not let you post there.',
    )
    expect(forwardRefusal(refused(403, 'missing_permission'), 'Hikers', true)).toBe(
      'Your role in \u2068Hikers\u2069 does not let you post messages with files there.',
    )
    expect(forwardRefusal(refused(403, 'not_friends'), 'Bob', false)).toBe(
      'You and \u2068Bob\u2069 are no longer friends, so you cannot send them messages.',
    )
    expect(forwardRefusal(refused(404, 'not_found'), 'Bob', false)).toBe('That message or chat is no longer there.')
    // The wait in words, rounded up to its largest unit (Retry-After is in seconds).
    expect(forwardRefusal(refused(429, 'rate_limited', 7), 'Bob', false)).toBe(
      'You are forwarding too fast. Wait 7 seconds and try again.',
    )
    expect(forwardRefusal(refused(429, 'rate_limited', 2616), 'Bob', false)).toBe(
      'You are forwarding too fast. Wait 44 minutes and try again.',
    )
    expect(forwardRefusal(refused(429, 'rate_limited'), 'Bob', false)).toBe(
      'You are forwarding too fast. Wait a moment and try again.',
    )
    expect(forwardRefusal(refused(0, 'network_error'), 'Bob', false)).toBe(
      'Could not reach the server. Check your connection and try again.',
    )
    expect(forwardRefusal(new Error('?'), 'Bob', false)).toBe('Could not forward the message. Please try again.')
  })
})
