/**
 * Keys and pointers along the line, in the direction the language shown is
 * read: in Arabic the layout is mirrored, so "next" and "later" lie to the
 * left, and ← goes there (a gallery, a seek bar).
 */
import { currentLocale } from '@/i18n'
import { textDirection } from '@/i18n/locales'

/** Whether the page is laid out right to left (the language shown is). */
export function readsRightToLeft(): boolean {
  return textDirection(currentLocale()) === 'rtl'
}

/** ← or → as a step along the reading direction: 1 forward (next, later), -1 back; 0 for any other key. */
export function arrowStep(key: string): -1 | 0 | 1 {
  const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0
  return readsRightToLeft() ? (-step as -1 | 0 | 1) : step
}

/** Letters of the scripts written right to left. */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u

/**
 * The direction a text is written in, by its first letter (as `dir="auto"`
 * decides); null when it has none. For a line whose own words come first
 * ("You: …") but should follow the words a person wrote.
 */
export function textDirectionOf(text: string): 'ltr' | 'rtl' | null {
  const letter = /\p{L}/u.exec(text)?.[0]
  if (!letter) return null
  return RTL_LETTER.test(letter) ? 'rtl' : 'ltr'
}

/**
 * `dir` for a field people type into: "auto" once it holds text, so the text
 * reads in its own direction (an English message in the Arabic app left to
 * right); none while it is empty, so the caret and the placeholder follow the
 * page (an empty dir="auto" field is left to right, its Arabic placeholder at
 * the wrong side).
 */
export function typedTextDir(value: string | null | undefined): 'auto' | undefined {
  return value ? 'auto' : undefined
}
