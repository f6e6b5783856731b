import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { chooseLocale, currentLocale, i18n, LANGUAGE_STORAGE_KEY, startI18n } from '@/i18n'

import { mountApp, serveApp } from '../helpers/app'
import { alice, storeSession } from '../helpers/fixtures'
import { json } from '../helpers/http'

vi.mock('@/realtime/socket', async () => (await import('../helpers/socketModule')).fakeSocketModule())

const html = () => document.documentElement

function browserSpeaks(...languages: string[]): void {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages)
}

describe('the language shown', () => {
  beforeEach(() => localStorage.clear())

  it('follows the browser at start, with <html lang> and dir set before anything renders', async () => {
    browserSpeaks('de-CH', 'en')
    await startI18n()
    expect(currentLocale()).toBe('de')
    expect(html().lang).toBe('de')
    expect(html().dir).toBe('ltr')
  })

  it('starts in the language chosen before, whatever the browser says', async () => {
    browserSpeaks('de-DE')
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'ar')
    await startI18n()
    expect(currentLocale()).toBe('ar')
    expect(html().dir).toBe('rtl')
    expect(i18n.global.t('settings.title')).toBe('الإعدادات')
  })

  it('keeps a choice, and forgets it to follow the browser again', async () => {
    browserSpeaks('en-US')
    await chooseLocale('ar')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('ar')
    expect(html().lang).toBe('ar')
    expect(html().dir).toBe('rtl')

    await chooseLocale(null)
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull()
    expect(currentLocale()).toBe('en')
    expect(html().dir).toBe('ltr')
  })
})

describe('Settings → Language', () => {
  let wrapper: VueWrapper | undefined
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    serveApp(() => json(200, alice))
  })
  afterEach(() => wrapper?.unmount())

  it('switches the whole page to Arabic, right to left, and back to the browser’s language', async () => {
    browserSpeaks('en-GB')
    ;({ wrapper } = await mountApp('/settings'))
    const select = wrapper.get('[data-language-select]')
    expect((select.element as HTMLSelectElement).value).toBe('')
    expect(select.findAll('option').map((o) => o.text())).toEqual([
      'Same as this browser (English)',
      'English',
      'Deutsch',
      'العربية',
    ])

    await select.setValue('ar')
    await flushPromises()
    expect(html().dir).toBe('rtl')
    expect(wrapper.get('h1').text()).toBe('الإعدادات')
    expect(wrapper.get('#language-title').text()).toBe('اللغة')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('ar')

    await select.setValue('')
    await flushPromises()
    expect(html().dir).toBe('ltr')
    expect(wrapper.get('h1').text()).toBe('Settings')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull()
  })
})
