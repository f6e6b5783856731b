import vueI18n from '@intlify/eslint-plugin-vue-i18n'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import pluginVue from 'eslint-plugin-vue'
import { globalIgnores } from 'eslint/config'
import globals from 'globals'

/**
 * Where a user-facing string written into a template fails the lint (it
 * belongs in src/i18n/locales: see src/i18n/README.md): every component.
 */
const TRANSLATED_SOURCES = ['src/**/*.vue']

/** The message files: what `no-missing-keys` checks keys against. */
const LOCALE_FILES = 'src/i18n/locales/*/*.json'

/** The plugin's own parser set-up for JSON message files (it applies it to every *.json; we lint only ours). */
const jsonMessages = vueI18n.configs['flat/base'].find((c) => c.name === '@intlify/vue-i18n:base:setup:json')

export default defineConfigWithVueTs(
  {
    name: 'app/files-to-lint',
    files: ['**/*.{js,mjs,ts,mts,vue}'],
  },
  globalIgnores(['**/dist/**', '**/coverage/**', '**/node_modules/**']),
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    name: 'app/browser-globals',
    languageOptions: {
      globals: { ...globals.browser },
    },
  },
  {
    name: 'app/node-globals',
    files: ['*.config.{js,ts}', 'public/**/*.js', 'e2e/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: { ...globals.node },
    },
  },
  {
    name: 'app/rules',
    rules: {
      'vue/multi-word-component-names': ['error', { ignores: ['App'] }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Message text is rendered from a parsed tree into text nodes, never as HTML
      // (docs/formatting.md); tests/components/noHtml.spec.ts also checks src/ for it.
      'vue/no-v-html': 'error',
    },
  },
  {
    name: 'app/i18n/setup',
    plugins: { '@intlify/vue-i18n': vueI18n },
    settings: {
      'vue-i18n': {
        localeDir: {
          pattern: LOCALE_FILES,
          localeKey: 'path',
          localePattern: /^.*\/locales\/(?<locale>[a-z]{2,3}(?:-[A-Za-z0-9]+)*)\/[^/]+\.json$/,
        },
        messageSyntaxVersion: '^11.0.0',
      },
    },
  },
  {
    name: 'app/i18n/keys',
    files: ['src/**/*.{ts,vue}'],
    rules: {
      // A literal key that no message file has (a typo, or a message not written yet).
      '@intlify/vue-i18n/no-missing-keys': 'error',
      '@intlify/vue-i18n/no-deprecated-tc': 'error',
    },
  },
  {
    name: 'app/i18n/no-raw-text',
    files: TRANSLATED_SOURCES,
    rules: {
      '@intlify/vue-i18n/no-raw-text': [
        'error',
        {
          // Text people read, in attributes too.
          attributes: {
            '/.+/': ['title', 'aria-label', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label'],
            '/^(FormField|CurrentPasswordField|ConfirmDialog|SettingsSection|AuthLayout|PageHeader|EmptyState)$/': [
              'title',
              'label',
              'hint',
              'description',
              'confirm-label',
              'intro',
            ],
          },
          // Punctuation, symbols, digits and emoji alone (or nothing: alt="") are not words to translate.
          ignorePattern: '^[\\p{P}\\p{S}\\p{N}\\s]*$',
          // The product's name is a name in every language.
          ignoreText: ['Confab'],
        },
      ],
    },
  },
  {
    name: 'app/i18n/messages',
    files: [LOCALE_FILES],
    languageOptions: jsonMessages.languageOptions,
    rules: {
      '@intlify/vue-i18n/valid-message-syntax': ['error', { allowNotString: false }],
      '@intlify/vue-i18n/no-html-messages': 'error',
      '@intlify/vue-i18n/no-duplicate-keys-in-locale': 'error',
    },
  },
  {
    // The browser tests are a Node program that reports on stdout.
    name: 'app/e2e',
    files: ['e2e/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
)
