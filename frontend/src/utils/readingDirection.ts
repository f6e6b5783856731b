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
