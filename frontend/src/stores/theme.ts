import { defineStore } from 'pinia'
import { computed, ref, watchEffect } from 'vue'

import { storage } from '@/utils/storage'

/** Keep in sync with public/theme-init.js. */
export const THEME_STORAGE_KEY = 'confab.theme'

export type ThemePreference = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'

const DARK_QUERY = '(prefers-color-scheme: dark)'

function readPreference(): ThemePreference {
  const saved = storage.get(THEME_STORAGE_KEY)
  return saved === 'light' || saved === 'dark' ? saved : 'system'
}

function darkQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(DARK_QUERY)
    : null
}

/**
 * The colour theme: the user's choice (persisted) and the system setting it
 * falls back to. Applies the result to <html data-theme> for DaisyUI.
 */
export const useThemeStore = defineStore('theme', () => {
  const preference = ref<ThemePreference>(readPreference())
  const query = darkQuery()
  const systemPrefersDark = ref(query?.matches ?? false)
  query?.addEventListener('change', (e) => {
    systemPrefersDark.value = e.matches
  })

  const theme = computed<Theme>(() =>
    preference.value === 'system' ? (systemPrefersDark.value ? 'dark' : 'light') : preference.value,
  )

  function setPreference(p: ThemePreference): void {
    preference.value = p
    if (p === 'system') storage.remove(THEME_STORAGE_KEY)
    else storage.set(THEME_STORAGE_KEY, p)
  }

  if (typeof document !== 'undefined') {
    watchEffect(() => {
      const root = document.documentElement
      root.setAttribute('data-theme', theme.value)
      root.style.colorScheme = theme.value
    })
  }

  // Another tab changed the choice.
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (e) => {
      if (e.key === THEME_STORAGE_KEY || e.key === null) preference.value = readPreference()
    })
  }

  return { preference, systemPrefersDark, theme, setPreference }
})
