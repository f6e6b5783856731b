import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, URL } from 'node:url'

import tailwindcss from '@tailwindcss/vite'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vite'

// Dev-only upstreams. `npm run dev` serves the SPA itself; the Rust services
// run on their own dev ports (override with CONFAB_DEV_API / CONFAB_DEV_GATEWAY).
const apiTarget = process.env.CONFAB_DEV_API ?? 'http://127.0.0.1:8081'
const gatewayTarget = process.env.CONFAB_DEV_GATEWAY ?? 'ws://127.0.0.1:8082'

/** Files of public/ the service worker keeps for the app shell offline (next to the build's own). */
const SHELL_PUBLIC_FILES = [
  '/favicon.svg',
  '/theme-init.js',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  '/icons/apple-touch-icon.png',
]

/**
 * public/sw.js as built: its `const BUILD = {...}` line is filled in with
 * this build's id and files (every file of the bundle, so that a page opened
 * offline has each lazy chunk). The id changes with any file, so a new
 * build's worker replaces the old one and drops its cache.
 */
function serviceWorkerBuild(): Plugin {
  let outDir = 'dist'
  return {
    name: 'confab-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name !== 'index.html' && !name.endsWith('.map'))
        .sort()
        .map((name) => `/${name}`)
      const source = readFileSync(fileURLToPath(new URL('./public/sw.js', import.meta.url)), 'utf8')
      const index = bundle['index.html']
      const version = createHash('sha256')
        .update([...files, source, index?.type === 'asset' ? String(index.source) : ''].join('\n'))
        .digest('hex')
        .slice(0, 12)
      const line = /^const BUILD = .*$/m
      if (!line.test(source)) throw new Error('public/sw.js has no `const BUILD = ...` line to fill in')
      const build = JSON.stringify({ version, files: [...SHELL_PUBLIC_FILES, ...files] })
      writeFileSync(path.join(outDir, 'sw.js'), source.replace(line, `const BUILD = ${build}`))
    },
  }
}

export default defineConfig({
  plugins: [vue(), tailwindcss(), serviceWorkerBuild()],
  define: {
    // vue-i18n's build flags: the Composition API only (the legacy API is
    // left out of the bundle), no devtools in production. Its messages are
    // compiled just in time without eval, as the Content-Security-Policy wants.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/api': {
        target: apiTarget,
        changeOrigin: false,
        // The API reference page (api-docs.html, vite.config.api-docs.ts), as
        // Nginx serves it (location = /api/docs).
        bypass: (req) => (req.url === '/api/docs' ? '/api-docs.html' : undefined),
      },
      '/healthz': { target: apiTarget },
      '/readyz': { target: apiTarget },
      '/ws': { target: gatewayTarget, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
})
