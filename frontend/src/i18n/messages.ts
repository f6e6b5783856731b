/**
 * The message files: `locales/<language>/<area>.json`, one per area and
 * language so areas can be translated side by side. Each file holds one
 * top-level key, its area (`auth.json` → `{ "auth": { … } }`), so keys read
 * `auth.login.title` in code, in the files and in the ESLint plugin alike.
 *
 * English is bundled (it is the fallback for everything); every other
 * language loads when it is first shown.
 */
import { DEFAULT_LOCALE, type Locale } from './locales'

export type MessageTree = { [key: string]: string | MessageTree }

const bundled = import.meta.glob<MessageTree>('./locales/en/*.json', { eager: true, import: 'default' })
const loaders = import.meta.glob<MessageTree>(['./locales/*/*.json', '!./locales/en/*.json'], { import: 'default' })

/** One language's area files as one tree (their top-level keys never collide: each is its file's name). */
function mergeAreas(files: readonly MessageTree[]): MessageTree {
  return Object.assign({}, ...files) as MessageTree
}

function inLocale(path: string, locale: Locale): boolean {
  return path.startsWith(`./locales/${locale}/`)
}

/** English, available at once. */
export const defaultMessages: MessageTree = mergeAreas(Object.values(bundled))

/** Every message of `locale`, fetched on first use. */
export async function loadMessages(locale: Locale): Promise<MessageTree> {
  if (locale === DEFAULT_LOCALE) return defaultMessages
  const files = Object.entries(loaders).filter(([path]) => inLocale(path, locale))
  return mergeAreas(await Promise.all(files.map(([, load]) => load())))
}
