/**
 * The plain text of a message (docs/formatting.md, "Plain text"): what the
 * chat list, reply quotes and search snippets show. Markup goes, the text
 * stays, line breaks stay `\n`.
 */
import { parse } from './parse'
import type { Block, Inline } from './types'

export function plainOfInline(nodes: Inline[]): string {
  let out = ''
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
      case 'code':
        out += n.text
        break
      case 'mention':
        out += `@${n.username}`
        break
      default:
        out += plainOfInline(n.children)
    }
  }
  return out
}

function plainOfBlock(b: Block): string {
  switch (b.type) {
    case 'code_block':
      return b.text
    case 'list':
      return b.items.map((item) => plainOfInline(item.children)).join('\n')
    default:
      return plainOfInline(b.children)
  }
}

export function plainOf(blocks: Block[]): string {
  return blocks.map(plainOfBlock).join('\n')
}

export function plain(input: string): string {
  return plainOf(parse(input))
}
