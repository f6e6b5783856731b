import { fileURLToPath, URL } from 'node:url'

import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// The API reference page (api-docs.html; Nginx serves it at /api/docs), built
// after the SPA (`npm run build`) into the same dist/, its JS and CSS in
// dist/assets. A build of its own so that it shares no chunk with the SPA: in
// one build the Vue runtime both use would move into a shared chunk holding
// what the viewer needs of Vue too, and every SPA file would change. Apart, the
// SPA's files are exactly what vite.config.ts alone makes.
export default defineConfig({
  // The viewer's own components are compiled already; this only sets Vue's
  // build-time feature flags, as for the SPA.
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // public/ was copied by the SPA's build, sw.js filled in there: not again.
    copyPublicDir: false,
    target: 'es2022',
    // The viewer is one ~1.6 MB chunk (plus lazy ones), loaded by this page only.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: fileURLToPath(new URL('./api-docs.html', import.meta.url)),
    },
  },
})
