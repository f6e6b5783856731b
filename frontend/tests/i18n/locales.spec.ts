import { describe, expect, it } from 'vitest'

import { detectLocale, formattingTag, languageName, localeOfTag, textDirection } from '@/i18n/locales'

describe('which language to show', () => {
  it('takes the first of the browser’s languages that the app speaks, by its language part', () => {
    expect(detectLocale(null, ['de-AT', 'en'])).toBe('de')
    expect(detectLocale(null, ['fr-CA', 'ar-EG', 'de'])).toBe('ar')
    expect(detectLocale(null, ['en-GB'])).toBe('en')
  })

  it('falls back to English when none of them is ours, or the browser says nothing', () => {
    expect(detectLocale(null, ['fr', 'ja-JP'])).toBe('en')
    expect(detectLocale(null, [])).toBe('en')
  })

  it('prefers the language chosen in Settings over the browser’s', () => {
    expect(detectLocale('ar', ['de-DE', 'en'])).toBe('ar')
  })

  it('ignores a saved choice it does not know (an older build’s, or a typo)', () => {
    expect(detectLocale('fr', ['de'])).toBe('de')
    expect(detectLocale('', ['de'])).toBe('de')
  })

  it('reads tags the way browsers write them', () => {
    expect(localeOfTag('DE-ch')).toBe('de')
    expect(localeOfTag('ar_SA')).toBe('ar')
    expect(localeOfTag('english')).toBeNull()
  })
})

describe('direction and formatting', () => {
  it('writes Arabic right to left, the others left to right', () => {
    expect(textDirection('ar')).toBe('rtl')
    expect(textDirection('de')).toBe('ltr')
    expect(textDirection('en')).toBe('ltr')
  })

  it('formats with the browser’s own variant of the language shown, else the language', () => {
    expect(formattingTag('en', ['en-GB', 'de'])).toBe('en-GB')
    expect(formattingTag('de', ['en-GB', 'de-at'])).toBe('de-AT')
    expect(formattingTag('ar', ['en-GB'])).toBe('ar')
  })

  it('names each language in that language, for the picker', () => {
    expect(languageName('en')).toBe('English')
    expect(languageName('de')).toBe('Deutsch')
    expect(languageName('ar')).toBe('العربية')
  })
})
