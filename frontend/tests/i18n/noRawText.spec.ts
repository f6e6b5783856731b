// @vitest-environment node
/**
 * A user-facing string written into a component's template fails the
 * lint (`npm run lint`); this runs the project's own ESLint config on small
 * components to show the rule is on where it should be, and reads attributes
 * people read, not only text.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// vitest runs from the frontend folder, where eslint.config.js is.
const eslint = new ESLint({ cwd: process.cwd() })

async function rawTextErrors(filePath: string, template: string): Promise<string[]> {
  const code = `<script setup lang="ts">\nimport { useI18n } from 'vue-i18n'\n\nconst { t } = useI18n()\n</script>\n\n<template>\n${template}\n</template>\n`
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === '@intlify/vue-i18n/no-raw-text').map((m) => m.message)
}

describe('no raw text in components', { timeout: 60_000 }, () => {
  it('fails on English written into a template', async () => {
    const errors = await rawTextErrors('src/components/settings/Probe.vue', '  <p>Save profile</p>')
    expect(errors).toEqual(["raw text 'Save profile' is used"])
  })

  it('fails in any component, a folder made after the rule was written too', async () => {
    const errors = await rawTextErrors('src/components/newArea/Probe.vue', '  <p>Save profile</p>')
    expect(errors).toEqual(["raw text 'Save profile' is used"])
  })

  it('fails on words in attributes people read', async () => {
    const errors = await rawTextErrors(
      'src/views/LoginView.vue',
      '  <button :title="t(\'auth.login.title\')" aria-label="Close">\n    {{ t(\'auth.login.submit\') }}\n  </button>',
    )
    expect(errors).toEqual(["raw text 'Close' is used"])
  })

  it('passes messages, punctuation, digits and the product’s name', async () => {
    const errors = await rawTextErrors(
      'src/components/auth/Probe.vue',
      "  <p>{{ t('auth.login.title') }} · 42 — 🙂</p>\n  <span>Confab</span>\n  <img src=\"/x.png\" alt=\"\">",
    )
    expect(errors).toEqual([])
  })
})
