/**
 * The API reference page (api-docs.html, served at /api/docs): the OpenAPI
 * document the API serves, rendered in the browser from this build alone.
 *
 * Why Scalar (@scalar/api-reference): it is a Vue 3 library bundled here by
 * Vite like the app (no CDN), it reads OpenAPI 3.1 as the API writes it, and it
 * renders what this document leans on: each `oneOf` as a choice between its
 * variants (by title where they have one), enums as lists of values, and long
 * Markdown descriptions (the error codes each response lists, `ErrorCode`'s
 * list) in full, with a search over operations and schemas. Redoc 3.0.1 does
 * not install (it requires a @redocly/redoc-opentelemetry version the registry
 * does not have); Swagger UI shows `oneOf` as unnamed "object" choices and keeps
 * every operation folded; RapiDoc loads its fonts from fonts.gstatic.com.
 *
 * Nothing may be fetched from another host, so the Scalar features that would
 * are off: its default fonts (fonts.scalar.com; the page uses the system's),
 * the AI agent and MCP buttons, telemetry, and the developer tools it shows on
 * localhost. "Test request" stays: it goes to this origin's API, with no proxy.
 * The browser test (e2e/stories/apiDocs.mjs) fails on any other-host request.
 */
import '@scalar/api-reference/style.css'

import { createApiReference } from '@scalar/api-reference'

/** The app's saved theme, as public/theme-init.js applied it; none = follow the system. */
const savedTheme = document.documentElement.dataset.theme

createApiReference('#api-reference', {
  url: '/api/v1/openapi.json',
  title: 'Confab API',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  darkMode: savedTheme === undefined ? undefined : savedTheme === 'dark',
})
