/**
 * The tree a message body parses into: plain JSON, the same shape the
 * server's parser produces (docs/formatting.md, "The tree"), so both can be
 * checked against one corpus.
 */

export interface TextNode {
  type: 'text'
  text: string
}

/** Spans whose content is more inline text. */
export interface SpanNode {
  type: 'bold' | 'italic' | 'strike' | 'spoiler'
  children: Inline[]
}

export interface CodeNode {
  type: 'code'
  text: string
}

/** `href` is the address as written; the renderer checks it again before linking. */
export interface LinkNode {
  type: 'link'
  href: string
  children: Inline[]
}

/** `username` is as written (`@Bob` gives `Bob`); compare lower-cased. */
export interface MentionNode {
  type: 'mention'
  username: string
}

export type Inline = TextNode | SpanNode | CodeNode | LinkNode | MentionNode

export interface ParagraphNode {
  type: 'paragraph'
  children: Inline[]
}

export interface QuoteNode {
  type: 'quote'
  children: Inline[]
}

export interface ListItemNode {
  type: 'list_item'
  children: Inline[]
}

/** `start` is the first item's number in an ordered list, null in an unordered one. */
export interface ListNode {
  type: 'list'
  ordered: boolean
  start: number | null
  items: ListItemNode[]
}

export interface CodeBlockNode {
  type: 'code_block'
  lang: string | null
  text: string
}

export type Block = ParagraphNode | QuoteNode | ListNode | CodeBlockNode
