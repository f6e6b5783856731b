/**
 * Every language says everything English says, no more, with the same
 * placeholders and one plural form per category of its own; and each message
 * file holds its area under one top-level key, its file's name.
 */
import { describe, expect, it } from 'vitest'

import { DEFAULT_LOCALE, LOCALES } from '@/i18n/locales'
import type { MessageTree } from '@/i18n/messages'
import { pluralCategories } from '@/i18n/pluralRules'

const FILES = import.meta.glob<MessageTree>('/src/i18n/locales/*/*.json', { eager: true, import: 'default' })

/** `{ locale: { area: tree } }` from the paths `/src/i18n/locales/<locale>/<area>.json`. */
const byLocale: Record<string, Record<string, MessageTree>> = {}
for (const [path, tree] of Object.entries(FILES)) {
  const [, locale, area] = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)!
  ;(byLocale[locale!] ??= {})[area!] = tree
}

/** Every message as `key → text`, keys dotted from the file's top. */
function flatten(tree: MessageTree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out[prefix + key] = value
    else Object.assign(out, flatten(value, `${prefix}${key}.`))
  }
  return out
}

function messagesOf(locale: string): Record<string, string> {
  return Object.assign({}, ...Object.values(byLocale[locale] ?? {}).map((tree) => flatten(tree)))
}

/** `{name}` placeholders, sorted and without repeats; literals like `{'@'}` are text, not placeholders. */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)].map((m) => m[1]!))].sort()
}

const formsOf = (message: string) => message.split('|').length
const OTHERS = LOCALES.filter((l) => l !== DEFAULT_LOCALE)
const english = messagesOf(DEFAULT_LOCALE)

describe('message files', () => {
  it('exist in English with messages in them', () => {
    expect(Object.keys(english).length).toBeGreaterThan(100)
  })

  it('are the same areas in every language', () => {
    const areas = Object.keys(byLocale[DEFAULT_LOCALE]!).sort()
    for (const locale of OTHERS) expect(Object.keys(byLocale[locale] ?? {}).sort(), locale).toEqual(areas)
  })

  it('each hold one top-level key, their own name', () => {
    for (const [locale, areas] of Object.entries(byLocale)) {
      for (const [area, tree] of Object.entries(areas)) expect(Object.keys(tree), `${locale}/${area}.json`).toEqual([area])
    }
  })

  it('have no empty messages', () => {
    for (const locale of LOCALES) {
      const empty = Object.entries(messagesOf(locale)).filter(([, text]) => !text.trim())
      expect(empty.map(([key]) => key), locale).toEqual([])
    }
  })
})

describe.each(OTHERS)('%s', (locale) => {
  const translated = messagesOf(locale)

  it('has every English key, and no key English lacks', () => {
    const missing = Object.keys(english).filter((k) => !(k in translated))
    const extra = Object.keys(translated).filter((k) => !(k in english))
    expect({ missing, extra }).toEqual({ missing: [], extra: [] })
  })

  it('uses the same placeholders as English', () => {
    const differing = Object.keys(english)
      .filter((k) => k in translated)
      .filter((k) => placeholders(english[k]!).join() !== placeholders(translated[k]!).join())
    expect(differing).toEqual([])
  })

  it('gives each plural message one form per plural category of the language', () => {
    const plurals = Object.keys(english).filter((k) => formsOf(english[k]!) > 1)
    const wrong = plurals.filter((k) => formsOf(translated[k] ?? '') !== pluralCategories(locale).length)
    expect(wrong).toEqual([])
  })
})

describe(`${DEFAULT_LOCALE} plurals`, () => {
  it('give one form per plural category', () => {
    const plurals = Object.keys(english).filter((k) => formsOf(english[k]!) > 1)
    const wrong = plurals.filter((k) => formsOf(english[k]!) !== pluralCategories(DEFAULT_LOCALE).length)
    expect(wrong).toEqual([])
  })
})
