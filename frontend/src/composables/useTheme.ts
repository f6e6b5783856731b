import { storeToRefs } from 'pinia'
import { computed } from 'vue'

import { useThemeStore, type ThemePreference } from '@/stores/theme'

/** The choices, in the order Settings lists them (each named at settings.appearance.<choice>). */
export const THEME_OPTIONS: readonly ThemePreference[] = ['system', 'light', 'dark']

/**
 * Light/dark theme for components: `preference` is the user's choice
 * ('system' follows the OS setting, live), `theme` what is shown.
 */
export function useTheme() {
  const store = useThemeStore()
  const { preference, theme } = storeToRefs(store)
  const isDark = computed(() => theme.value === 'dark')

  /** Flips to the opposite of what is shown, as an explicit choice. */
  function toggle(): void {
    store.setPreference(isDark.value ? 'light' : 'dark')
  }

  return {
    preference,
    theme,
    isDark,
    options: THEME_OPTIONS,
    setPreference: store.setPreference,
    toggle,
  }
}
