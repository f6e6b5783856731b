/**
 * A message body as a tree of blocks: docs/formatting.md, "Blocks". Lines
 * are read top to bottom; a code block, a quote or a list is recognised by
 * its first characters, everything else gathers into paragraphs.
 */
import { parseInline } from './inline'
import type { Block, ListItemNode } from './types'

const LANG = /^[A-Za-z0-9_+#.-]{1,32}$/
const ORDERED = /^([0-9]{1,9})\. /

/** Only spaces and tabs: the rules' white space, not JavaScript's (`trim` would eat U+00A0). */
function trimSpaces(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, '')
}

/** The language of a fence line, `null` for none, `undefined` if the line is no fence. */
function fenceLang(line: string): string | null | undefined {
  if (!line.startsWith('```')) return undefined
  const rest = trimSpaces(line.slice(3))
  if (!rest) return null
  return LANG.test(rest) ? rest : undefined
}

function isFenceEnd(line: string): boolean {
  return line.replace(/[ \t]+$/, '') === '```'
}

function quoteContent(line: string): string | null {
  if (line === '>') return ''
  return line.startsWith('> ') ? line.slice(2) : null
}

/** An item's kind and content, or null for a line that is no list item. */
function listItem(line: string): { ordered: boolean; number: number | null; content: string } | null {
  if (line.startsWith('- ') || line.startsWith('* ')) return { ordered: false, number: null, content: line.slice(2) }
  const m = ORDERED.exec(line)
  return m ? { ordered: true, number: Number(m[1]), content: line.slice(m[0].length) } : null
}

export function parse(input: string): Block[] {
  const lines = input.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let paragraph: string[] = []
  const endParagraph = (): void => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) })
    paragraph = []
  }

  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const lang = fenceLang(line)
    if (lang !== undefined) {
      let close = i + 1
      while (close < lines.length && !isFenceEnd(lines[close]!)) close++
      if (close < lines.length) {
        endParagraph()
        blocks.push({ type: 'code_block', lang, text: lines.slice(i + 1, close).join('\n') })
        i = close + 1
        continue
      }
    }
    if (quoteContent(line) !== null) {
      endParagraph()
      const contents: string[] = []
      for (; i < lines.length; i++) {
        const content = quoteContent(lines[i]!)
        if (content === null) break
        contents.push(content)
      }
      blocks.push({ type: 'quote', children: parseInline(contents.join('\n')) })
      continue
    }
    const first = listItem(line)
    if (first) {
      endParagraph()
      const items: ListItemNode[] = []
      for (; i < lines.length; i++) {
        const item = listItem(lines[i]!)
        if (item?.ordered !== first.ordered) break
        items.push({ type: 'list_item', children: parseInline(item.content) })
      }
      blocks.push({ type: 'list', ordered: first.ordered, start: first.number, items })
      continue
    }
    paragraph.push(line)
    i++
  }
  endParagraph()
  return blocks
}
