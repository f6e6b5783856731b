/**
 * Reaction chips as pure list changes, so the store's optimistic toggles and
 * the server's events compute them the same way.
 */
import type { Reaction } from '@/api/types'
import { i18n } from '@/i18n'
import { formatNumber } from '@/i18n/format'

const { t } = i18n.global

/** The picker's quick choices, in the fully qualified form the server keeps. */
export const COMMON_EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🔥', '👀', '✅', '🙏'] as const

/** A message holds at most this many distinct emojis (the server says `too_many_reactions`). */
export const MAX_DISTINCT_REACTIONS = 20

const VARIATION_SELECTOR = /\uFE0F/g

/**
 * Whether two spellings are one emoji: the server stores the fully qualified
 * form ("❤️"), while a paste may lack the variation selector ("❤").
 */
export function sameEmoji(a: string, b: string): boolean {
  return a === b || a.replace(VARIATION_SELECTOR, '') === b.replace(VARIATION_SELECTOR, '')
}

/**
 * The chips once `emoji` has `count` reactions (the server's number, from an
 * event); `me` when it is known whether the reader is among them. At 0 the
 * chip goes; a new emoji goes last (chips are in order of first reaction).
 */
export function withCount(list: readonly Reaction[], emoji: string, count: number, me?: boolean): Reaction[] {
  if (count <= 0) return list.filter((r) => !sameEmoji(r.emoji, emoji))
  const held = list.find((r) => sameEmoji(r.emoji, emoji))
  if (!held) return [...list, { emoji, count, me: me ?? false }]
  return list.map((r) => (r === held ? { emoji, count, me: me ?? r.me } : r))
}

/** The chips with the reader's own reaction put on (`on`) or taken off, before the server answers. */
export function withMine(list: readonly Reaction[], emoji: string, on: boolean): Reaction[] {
  const held = list.find((r) => sameEmoji(r.emoji, emoji))
  if (!!held?.me === on) return [...list]
  const count = (held?.count ?? 0) + (on ? 1 : -1)
  return withCount(list, held?.emoji ?? emoji, count, on)
}

/**
 * Whether the text is one emoji (with its skin tone or flag pair), as the
 * server accepts; it stays the judge (`invalid_emoji`).
 */
export function isOneEmoji(text: string): boolean {
  if (!text || /\s/.test(text)) return false
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)]
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(text)
}

/** "Ana", "Ana and Bo", "Ana, Bo and 3 others" for who reacted (chats.names, chats.reactions.others). */
export function reactorsText(names: readonly string[], total: number): string {
  if (!names.length) return ''
  const others = Math.max(0, total - names.length)
  const shown = others ? names : names.slice(0, -1)
  const last = others ? t('chats.reactions.others', { n: formatNumber(others) }, others) : names[names.length - 1]!
  return shown.length ? t('chats.names.and', { rest: shown.join(t('chats.names.separator')), last }) : last
}
