/**
 * The languages the app speaks, and which one a browser asks for. Kept free
 * of vue-i18n so the choice can be tested (and made) before any messages load.
 */

export const LOCALES = ['en', 'de', 'ar'] as const
export type Locale = (typeof LOCALES)[number]

/** The language every message exists in first, and the one shown when nothing else fits. */
export const DEFAULT_LOCALE: Locale = 'en'

/** Languages written right to left: the whole layout mirrors for them. */
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set<Locale>(['ar'])

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr'
}

/** The language of a BCP 47 tag ("de-AT" → "de"), when it is one of ours. */
export function localeOfTag(tag: string): Locale | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0]
  return isLocale(language) ? language : null
}

/**
 * The language to show: the one chosen in Settings (`saved`), else the first
 * of the browser's languages we have ("fr-CA, de" → de), else English.
 */
export function detectLocale(saved: string | null, browserLanguages: readonly string[]): Locale {
  if (isLocale(saved)) return saved
  for (const tag of browserLanguages) {
    const locale = localeOfTag(tag)
    if (locale) return locale
  }
  return DEFAULT_LOCALE
}

/**
 * The tag to format dates and numbers with: the browser's own variant of the
 * language shown ("en-GB" writes 24-hour times and 3 June), else the language
 * itself. An English-speaking browser reading the app in German gets "de".
 */
export function formattingTag(locale: Locale, browserLanguages: readonly string[]): string {
  const variant = browserLanguages.find((tag) => localeOfTag(tag) === locale)
  if (!variant) return locale
  try {
    return Intl.getCanonicalLocales(variant)[0] ?? locale
  } catch {
    return locale
  }
}

/** A language's name in that language ("Deutsch", "العربية"), for the language picker. */
export function languageName(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale
  // Intl writes some names in lower case ("français"); a menu entry starts with a capital.
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1)
}

/** The browser's preferred languages, most wanted first. */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  if (navigator.languages?.length) return navigator.languages
  return navigator.language ? [navigator.language] : []
}
