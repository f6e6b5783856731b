import { ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'

import { chooseLocale, savedLocale } from '@/i18n'
import { browserLanguages, detectLocale, type Locale, LOCALES, languageName } from '@/i18n/locales'

/**
 * The language choice of Settings: a language of ours, or `null` to follow
 * the browser's (what `browserLocale` is). The choice is kept in this
 * browser (i18n's LANGUAGE_STORAGE_KEY).
 */
export function useLanguage() {
  const { locale } = useI18n()
  const choice = ref<Locale | null>(savedLocale())
  const browserLocale = detectLocale(null, browserLanguages())
  /** Each language by its own name ("Deutsch"), whatever the language shown. */
  const options = LOCALES.map((value) => ({ value, name: languageName(value) }))
  const busy = ref(false)

  // Chosen in another tab: the language follows (i18n), and so does the picker.
  watch(locale, () => (choice.value = savedLocale()))

  /** Switches to `next` (null: the browser's); rejects when its messages cannot load. */
  async function choose(next: Locale | null): Promise<void> {
    busy.value = true
    try {
      await chooseLocale(next)
      choice.value = next
    } finally {
      busy.value = false
    }
  }

  return { locale, choice, browserLocale, browserLocaleName: languageName(browserLocale), options, busy, choose }
}
