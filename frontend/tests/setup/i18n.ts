/**
 * Every component a test mounts gets the app's i18n instance, in English
 * (tests read English text); a test that switches language is undone before
 * the next one.
 */
import { config } from '@vue/test-utils'
import { beforeEach } from 'vitest'

import { i18n, setLocale } from '@/i18n'

config.global.plugins = [...config.global.plugins, i18n]

beforeEach(async () => {
  await setLocale('en')
})
