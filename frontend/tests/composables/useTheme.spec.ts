import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'

import { useTheme } from '@/composables/useTheme'
import { THEME_STORAGE_KEY } from '@/stores/theme'

import { mockColorScheme } from '../helpers/matchMedia'

const htmlTheme = () => document.documentElement.getAttribute('data-theme')

describe('useTheme', () => {
  beforeEach(() => {
    localStorage.clear()
    document.documentElement.removeAttribute('data-theme')
    setActivePinia(createPinia())
  })

  it('follows the system setting by default, live', async () => {
    const system = mockColorScheme(true)
    const { preference, theme, isDark } = useTheme()

    expect(preference.value).toBe('system')
    expect(theme.value).toBe('dark')
    expect(isDark.value).toBe(true)
    await nextTick()
    expect(htmlTheme()).toBe('dark')

    system.setDark(false)
    expect(theme.value).toBe('light')
    await nextTick()
    expect(htmlTheme()).toBe('light')
    expect(document.documentElement.style.colorScheme).toBe('light')
  })

  it('an explicit choice wins over the system and is persisted', async () => {
    const system = mockColorScheme(false)
    const { setPreference, theme } = useTheme()

    setPreference('dark')
    expect(theme.value).toBe('dark')
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')
    await nextTick()
    expect(htmlTheme()).toBe('dark')

    system.setDark(false)
    expect(theme.value).toBe('dark')
  })

  it('restores the saved choice on the next visit', () => {
    mockColorScheme(false)
    localStorage.setItem(THEME_STORAGE_KEY, 'dark')
    const { preference, theme } = useTheme()
    expect(preference.value).toBe('dark')
    expect(theme.value).toBe('dark')
  })

  it('going back to "system" forgets the saved choice', () => {
    mockColorScheme(true)
    const { setPreference, theme } = useTheme()
    setPreference('light')
    expect(theme.value).toBe('light')
    setPreference('system')
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull()
    expect(theme.value).toBe('dark')
  })

  it('ignores a garbage stored value', () => {
    mockColorScheme(false)
    localStorage.setItem(THEME_STORAGE_KEY, 'neon')
    expect(useTheme().preference.value).toBe('system')
  })

  it('toggle flips what is shown, as an explicit choice', () => {
    mockColorScheme(true)
    const { toggle, theme, preference } = useTheme()
    toggle()
    expect(theme.value).toBe('light')
    expect(preference.value).toBe('light')
    toggle()
    expect(theme.value).toBe('dark')
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')
  })

  it('works where matchMedia is missing', () => {
    // jsdom has no matchMedia of its own.
    const { theme } = useTheme()
    expect(theme.value).toBe('light')
  })

  it('offers the three choices for a settings UI', () => {
    mockColorScheme(false)
    expect(useTheme().options).toEqual(['system', 'light', 'dark'])
  })
})
