import { afterEach, describe, expect, it } from 'vitest'

import { setLocale } from '@/i18n'
import {
  clockTime,
  dateText,
  dayLabel,
  durationText,
  fileSizeText,
  formatNumber,
  inDurationText,
  timeAgo,
  tryAgainText,
} from '@/i18n/format'

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

describe('in the language shown', () => {
  afterEach(async () => {
    await setLocale('en')
  })

  it('says waits in words, counted from now ("in 44 minutes")', async () => {
    expect(inDurationText(2616)).toBe('in 44 minutes')
    await setLocale('de')
    expect(inDurationText(2616)).toBe('in 44 Minuten')
    expect(tryAgainText(2616)).toBe('Versuch es in 44 Minuten noch einmal.')
    expect(durationText(7200)).toBe('2 Stunden')
    await setLocale('ar')
    expect(tryAgainText(2616)).toBe('حاول مرة أخرى خلال 44 دقيقة.')
  })

  it('says how long ago, in each language', async () => {
    const now = new Date(2024, 5, 1, 12, 0)
    const fiveMinutesAgo = new Date(2024, 5, 1, 11, 55).toISOString()
    const yesterday = new Date(2024, 4, 31, 9, 0).toISOString()
    expect(timeAgo(yesterday, now)).toBe('yesterday')
    await setLocale('de')
    expect(timeAgo(fiveMinutesAgo, now)).toBe('vor 5 Minuten')
    expect(timeAgo(yesterday, now)).toBe('gestern')
    expect(timeAgo(new Date(2024, 5, 1, 11, 59, 40).toISOString(), now)).toBe('gerade eben')
    await setLocale('ar')
    expect(timeAgo(fiveMinutesAgo, now)).toBe('قبل 5 دقائق')
  })

  it('names days: today and yesterday in words, other days by date', async () => {
    const now = new Date(2024, 5, 5, 12, 0)
    await setLocale('de')
    expect(dayLabel(new Date(2024, 5, 5, 8, 0).toISOString(), now)).toBe('Heute')
    expect(dayLabel(new Date(2024, 5, 4, 8, 0).toISOString(), now)).toBe('Gestern')
    expect(dayLabel(new Date(2024, 5, 3, 8, 0).toISOString(), now)).toBe('Montag, 3. Juni')
    expect(dayLabel(new Date(2023, 11, 24, 8, 0).toISOString(), now)).toBe('24. Dezember 2023')
  })

  it('writes numbers, dates and times the language’s way', async () => {
    const when = new Date(2026, 0, 4, 14, 5)
    await setLocale('de')
    expect(formatNumber(1234.5)).toBe('1.234,5')
    expect(dateText(when)).toBe('4. Januar 2026')
    expect(clockTime(when)).toBe('14:05')
    await setLocale('ar')
    expect(dateText(when)).toBe('4 يناير 2026')
  })

  it('gives file sizes with their units', async () => {
    expect(fileSizeText(840)).toBe('840 bytes')
    expect(fileSizeText(1)).toBe('1 byte')
    expect(fileSizeText(12 * 1024)).toBe('12 kB')
    expect(fileSizeText(3.4 * 1024 * 1024)).toBe('3.4 MB')
    expect(fileSizeText(1.25 * 1024 ** 3)).toBe('1.3 GB')
    await setLocale('de')
    expect(fileSizeText(3.4 * 1024 * 1024)).toBe('3,4 MB')
  })
})
