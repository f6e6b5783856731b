import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import pluginVue from 'eslint-plugin-vue'
import { globalIgnores } from 'eslint/config'
import globals from 'globals'

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
    // The browser tests are a Node program that reports on stdout.
    name: 'app/e2e',
    files: ['e2e/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
)
