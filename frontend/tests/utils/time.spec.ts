import { describe, expect, it } from 'vitest'

import { durationText, timeAgo, tryAgainText } from '@/utils/time'

describe('durationText', () => {
  it('says a wait in its largest whole unit, rounded up', () => {
    expect(durationText(1)).toBe('1 second')
    expect(durationText(30)).toBe('30 seconds')
    expect(durationText(60)).toBe('1 minute')
    expect(durationText(61)).toBe('2 minutes')
    expect(durationText(2616)).toBe('44 minutes')
    expect(durationText(3600)).toBe('1 hour')
    expect(durationText(7200)).toBe('2 hours')
    expect(durationText(5400)).toBe('2 hours')
    expect(durationText(2 * 86_400)).toBe('2 days')
  })

  it('never says less than a second', () => {
    expect(durationText(0.2)).toBe('1 second')
    expect(durationText(0)).toBe('1 second')
  })
})

describe('tryAgainText', () => {
  it('turns Retry-After into words', () => {
    expect(tryAgainText(2616)).toBe('Try again in 44 minutes.')
    expect(tryAgainText(30)).toBe('Try again in 30 seconds.')
    expect(tryAgainText(7200)).toBe('Try again in 2 hours.')
  })

  it('says "a moment" without one', () => {
    expect(tryAgainText(undefined)).toBe('Try again in a moment.')
    expect(tryAgainText(0)).toBe('Try again in a moment.')
  })
})

describe('timeAgo', () => {
  const now = new Date('2024-06-01T12:00:00Z')
  it('counts minutes and hours with the right noun', () => {
    expect(timeAgo('2024-06-01T11:59:00Z', now)).toBe('1 minute ago')
    expect(timeAgo('2024-06-01T11:55:00Z', now)).toBe('5 minutes ago')
    expect(timeAgo('2024-06-01T11:00:00Z', now)).toBe('1 hour ago')
  })
})
