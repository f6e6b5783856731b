/** Message formatting: one parser (docs/formatting.md), its plain text, and the renderer's link check. */
export { parse } from './parse'
export { plain, plainOf, plainOfInline } from './plain'
export { safeHref } from './urls'
export type * from './types'
