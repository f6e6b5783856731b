/**
 * The app's one vue-i18n instance (Composition API mode) and the language it
 * shows: detected from the browser, or the one chosen in Settings (kept in
 * localStorage), applied to <html lang> and <html dir>.
 *
 * Components use `useI18n()`; code outside components (stores, utils, the
 * API client) uses `i18n.global.t`, which reads the same language. Both are
 * reactive: text computed while rendering follows a change of language.
 */
import { createI18n } from 'vue-i18n'

import { storage } from '@/utils/storage'

import { browserLanguages, DEFAULT_LOCALE, detectLocale, formattingTag, type Locale, LOCALES, textDirection } from './locales'
import { defaultMessages, loadMessages } from './messages'
import { pluralRule } from './pluralRules'

/** localStorage: the language chosen in Settings; absent, the browser's is followed. */
export const LANGUAGE_STORAGE_KEY = 'confab.language'

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { [DEFAULT_LOCALE]: defaultMessages },
  pluralRules: Object.fromEntries(LOCALES.map((l) => [l, pluralRule(l)])),
  // A missing key is a bug the completeness test and ESLint catch; in the
  // browser the English text is the better thing to show meanwhile.
  missingWarn: import.meta.env.DEV,
  fallbackWarn: false,
})

/** The language shown now. */
export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

/** The tag dates and numbers are formatted with (the browser's variant of the language shown). */
export function currentFormattingTag(): string {
  return formattingTag(currentLocale(), browserLanguages())
}

/** The language chosen in Settings, or null when the browser's is followed. */
export function savedLocale(): Locale | null {
  const saved = storage.get(LANGUAGE_STORAGE_KEY)
  return LOCALES.find((l) => l === saved) ?? null
}

function applyToDocument(locale: Locale): void {
  if (typeof document === 'undefined') return
  document.documentElement.lang = locale
  document.documentElement.dir = textDirection(locale)
}

/** Counts calls, so that of two quick changes the later one wins even if its messages arrive first. */
let latestChange = 0

/** Shows `locale`, loading its messages first if needed; rejects (and changes nothing) when they cannot load. */
export async function setLocale(locale: Locale): Promise<void> {
  const change = ++latestChange
  if (!i18n.global.availableLocales.includes(locale)) {
    const messages = await loadMessages(locale)
    i18n.global.setLocaleMessage(locale, messages)
  }
  if (change !== latestChange) return
  i18n.global.locale.value = locale
  applyToDocument(locale)
}

/** The Settings choice: a language, kept for next time, or null to follow the browser again. */
export async function chooseLocale(choice: Locale | null): Promise<void> {
  if (choice) storage.set(LANGUAGE_STORAGE_KEY, choice)
  else storage.remove(LANGUAGE_STORAGE_KEY)
  await setLocale(detectLocale(choice, browserLanguages()))
}

/**
 * Before the first render: the language to show, with its messages loaded,
 * and a change made in another tab followed in this one.
 */
export async function startI18n(): Promise<void> {
  try {
    await setLocale(detectLocale(savedLocale(), browserLanguages()))
  } catch (e) {
    // Its messages did not load (offline before they were ever cached): English it is.
    console.warn('confab: could not load the language, showing English', e)
    applyToDocument(DEFAULT_LOCALE)
  }
  window.addEventListener('storage', (e) => {
    if (e.key === LANGUAGE_STORAGE_KEY || e.key === null) {
      void setLocale(detectLocale(savedLocale(), browserLanguages()))
    }
  })
  window.addEventListener('languagechange', () => {
    if (!savedLocale()) void setLocale(detectLocale(null, browserLanguages()))
  })
}
