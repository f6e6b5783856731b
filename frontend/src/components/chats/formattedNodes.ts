/**
 * The formatting tree (utils/formatting) as virtual DOM, for FormattedText.
 * Text is passed to `h()` as strings, which become text nodes: nothing here
 * is ever read as HTML. A link gets its `href` only after `safeHref` agrees.
 */
import { h, type VNodeChild } from 'vue'

import { splitEmoji } from '@/utils/customEmoji'
import type { Block, Inline } from '@/utils/formatting'
import { safeHref } from '@/utils/formatting'
import { EVERYONE } from '@/utils/mentions'

import MessageMention from './MessageMention.vue'
import SpoilerText from './SpoilerText.vue'

export interface RenderOptions {
  /** `@everyone` is a mention only in groups. */
  inGroup: boolean
  /** Links and spoilers join the tab order (in the message log: only while their message has focus). */
  tabbable: boolean
  /** The picture of a group's `:name:` emoji (none: the text stays as written). */
  emoji?: (name: string) => string | undefined
}

const LINK_REL = 'noopener noreferrer nofollow'

export function renderBlocks(blocks: Block[], o: RenderOptions): VNodeChild[] {
  return blocks.map((b, i) => renderBlock(b, i, o))
}

/** Blocks keep their line breaks as `\n` in text: the bubble shows white space as written. */
function renderBlock(b: Block, key: number, o: RenderOptions): VNodeChild {
  switch (b.type) {
    case 'paragraph':
      return h('span', { key }, renderInline(b.children, o))
    case 'quote':
      return h('blockquote', { key, dir: 'auto', class: 'border-current/40 my-1 border-s-4 ps-2' }, renderInline(b.children, o))
    case 'list':
      return h(
        b.ordered ? 'ol' : 'ul',
        {
          key,
          start: b.ordered && b.start !== 1 ? b.start : undefined,
          class: ['my-1 ps-5', b.ordered ? 'list-decimal' : 'list-disc'],
        },
        b.items.map((item, i) => h('li', { key: i, dir: 'auto' }, renderInline(item.children, o))),
      )
    case 'code_block':
      return h(
        'pre',
        {
          key,
          dir: 'ltr',
          'data-lang': b.lang ?? undefined,
          class: 'bg-base-content/10 my-1 max-w-full overflow-x-auto rounded p-2 font-mono text-sm whitespace-pre',
        },
        [h('code', null, b.text)],
      )
  }
}

function renderInline(nodes: Inline[], o: RenderOptions): VNodeChild[] {
  return nodes.map((n) => renderNode(n, o))
}

function renderNode(n: Inline, o: RenderOptions): VNodeChild {
  switch (n.type) {
    case 'text':
      return o.emoji ? renderEmojiText(n.text, o.emoji) : n.text
    case 'bold':
      return h('strong', null, renderInline(n.children, o))
    case 'italic':
      return h('em', null, renderInline(n.children, o))
    case 'strike':
      return h('s', null, renderInline(n.children, o))
    case 'code':
      return h('code', { dir: 'ltr', class: 'bg-base-content/10 rounded px-1 font-mono text-[0.9em]' }, n.text)
    case 'spoiler':
      return h(SpoilerText, { tabbable: o.tabbable }, () => renderInline(n.children, o))
    case 'mention':
      return n.username.toLowerCase() === EVERYONE && !o.inGroup ? `@${n.username}` : h(MessageMention, { username: n.username })
    case 'link': {
      const href = safeHref(n.href)
      const children = renderInline(n.children, o)
      if (!href) return h('span', null, children)
      return h(
        'a',
        { href, target: '_blank', rel: LINK_REL, dir: 'auto', class: 'link', tabindex: o.tabbable ? undefined : -1 },
        children,
      )
    }
  }
}

/** Plain text with the group's `:name:` emoji as pictures (alt and title `:name:`, so copying keeps the text). */
function renderEmojiText(text: string, lookup: (name: string) => string | undefined): VNodeChild {
  const parts = splitEmoji(text, lookup)
  if (parts.length === 1 && 'text' in parts[0]!) return text
  return parts.map((p) =>
    'text' in p
      ? p.text
      : h('img', {
          src: p.url,
          alt: `:${p.name}:`,
          title: `:${p.name}:`,
          class: 'inline-block h-[1.375em] w-auto align-text-bottom',
          loading: 'lazy',
          'data-custom-emoji': p.name,
        }),
  )
}
