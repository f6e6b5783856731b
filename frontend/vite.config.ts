import { fileURLToPath, URL } from 'node:url'

import tailwindcss from '@tailwindcss/vite'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// Dev-only upstreams. `npm run dev` serves the SPA itself; the Rust services
// run on their own dev ports (override with CONFAB_DEV_API / CONFAB_DEV_GATEWAY).
const apiTarget = process.env.CONFAB_DEV_API ?? 'http://127.0.0.1:8081'
const gatewayTarget = process.env.CONFAB_DEV_GATEWAY ?? 'ws://127.0.0.1:8082'

export default defineConfig({
  plugins: [vue(), tailwindcss()],
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
