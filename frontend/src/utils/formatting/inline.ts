/**
 * Inline text: docs/formatting.md, "Inline text". Each rule is a function
 * that either matches at a position (returning what it found and where
 * parsing goes on) or does not, in which case that one character is text.
 * Ranges are half-open `[start, end)` over the block's string; look-arounds
 * never leave the range.
 */
import { readMention } from './mentionName'

import { isAlnum, isPunct, isSpace } from './chars'
import type { Inline, SpanNode } from './types'
import { bareUrlEnd, isLinkableHref, linkDestinationEnd } from './urls'

/** The block's text, and code spans already looked up (closer scans meet the same ones again). */
interface Source {
  s: string
  codeCloses: Map<string, number>
}

/** A match: a node, or text (an escape, lone backticks), and the position after it. */
interface Match {
  node?: Inline
  text?: string
  next: number
}

/** Parses a block's text (a paragraph, a quote's lines, a list item). */
export function parseInline(text: string): Inline[] {
  return parseRange({ s: text, codeCloses: new Map() }, 0, text.length, false)
}

/**
 * `inert`: inside a link's text or a spoiler, where links, bare URLs and
 * spoilers are text (something to click cannot sit in something to click).
 */
function parseRange(src: Source, start: number, end: number, inert: boolean): Inline[] {
  const out = new InlineBuilder()
  let i = start
  while (i < end) {
    const m = matchAt(src, i, start, end, inert)
    if (!m) {
      out.text(src.s[i]!)
      i++
      continue
    }
    if (m.node) out.node(m.node)
    if (m.text !== undefined) out.text(m.text)
    i = m.next
  }
  return out.nodes
}

/** The one rule the character at `i` selects, if it matches. */
function matchAt(src: Source, i: number, start: number, end: number, inert: boolean): Match | null {
  switch (src.s[i]) {
    case '\\':
      return escapeAt(src.s, i, end)
    case '`':
      return codeAt(src, i, end)
    case 'h':
    case 'H':
      return inert ? null : bareUrlAt(src.s, i, start, end)
    case '[':
      return inert ? null : linkAt(src, i, end)
    case '@': {
      const name = readMention(src.s, i, start, end)
      return name === null ? null : { node: { type: 'mention', username: name }, next: i + 1 + name.length }
    }
    case '*':
    case '~':
    case '|':
    case '_':
      return spanAt(src, i, start, end, inert)
    default:
      return null
  }
}

function escapeAt(s: string, i: number, end: number): Match | null {
  return i + 1 < end && isPunct(s[i + 1]) ? { text: s[i + 1]!, next: i + 2 } : null
}

function runLength(s: string, i: number, end: number): number {
  let n = 0
  while (i + n < end && s[i + n] === '`') n++
  return n
}

/**
 * Where the code span opened by the backtick run at `i` closes (the start of
 * the next run of exactly as many backticks, inside the range), or -1.
 */
function codeClose(src: Source, i: number, end: number): number {
  const key = `${i}:${end}`
  const known = src.codeCloses.get(key)
  if (known !== undefined) return known
  const n = runLength(src.s, i, end)
  let close = -1
  let q = i + n
  while (q < end) {
    if (src.s[q] !== '`') {
      q++
      continue
    }
    const m = runLength(src.s, q, end)
    if (m === n) {
      close = q
      break
    }
    q += m
  }
  src.codeCloses.set(key, close)
  return close
}

/** Past the backtick run at `i` and the code span it opens, if any (closer scans skip both). */
function pastBackticks(src: Source, i: number, end: number): number {
  const n = runLength(src.s, i, end)
  const close = codeClose(src, i, end)
  return close < 0 ? i + n : close + n
}

function codeAt(src: Source, i: number, end: number): Match {
  const n = runLength(src.s, i, end)
  const close = codeClose(src, i, end)
  if (close < 0) return { text: '`'.repeat(n), next: i + n }
  return { node: { type: 'code', text: src.s.slice(i + n, close) }, next: close + n }
}

function bareUrlAt(s: string, i: number, start: number, end: number): Match | null {
  if (i > start && isAlnum(s[i - 1])) return null
  const stop = bareUrlEnd(s, i, end)
  if (stop < 0) return null
  const url = s.slice(i, stop)
  return { node: { type: 'link', href: url, children: [{ type: 'text', text: url }] }, next: stop }
}

/**
 * Scans for a `]` the way closers are scanned: escapes and backtick runs
 * (with their code spans) are skipped whole.
 */
function linkAt(src: Source, i: number, end: number): Match | null {
  const s = src.s
  let j = i + 1
  while (j < end && s[j] !== ']') {
    if (s[j] === '\\' && j + 1 < end && isPunct(s[j + 1])) j += 2
    else if (s[j] === '`') j = pastBackticks(src, j, end)
    else j++
  }
  if (j === i + 1 || j + 1 >= end || s[j + 1] !== '(') return null
  const close = linkDestinationEnd(s, j + 2, end)
  if (close < 0) return null
  const href = s.slice(j + 2, close)
  if (!isLinkableHref(href)) return null
  return { node: { type: 'link', href, children: parseRange(src, i + 1, j, true) }, next: close + 1 }
}

const DOUBLE: Record<string, SpanNode['type']> = { '*': 'bold', '~': 'strike', '|': 'spoiler' }

function spanAt(src: Source, i: number, start: number, end: number, inert: boolean): Match | null {
  const s = src.s
  const c = s[i]!
  const kind = DOUBLE[c]
  if (kind && i + 1 < end && s[i + 1] === c && !(kind === 'spoiler' && inert)) {
    const m = doubleSpanAt(src, i, end, kind, inert)
    if (m) return m
  }
  if (c === '*' || c === '_') return singleSpanAt(src, i, start, end, inert)
  return null
}

/**
 * The first position from `from` where `closes(j)` holds, skipping escapes
 * and backtick runs (with their code spans) whole; -1 if none.
 */
function findCloser(src: Source, from: number, end: number, closes: (j: number) => boolean): number {
  const s = src.s
  let j = from
  while (j < end) {
    if (s[j] === '\\' && j + 1 < end && isPunct(s[j + 1])) j += 2
    else if (s[j] === '`') j = pastBackticks(src, j, end)
    else if (closes(j)) return j
    else j++
  }
  return -1
}

/** `**`, `~~`, `||`: the character after the opener is not white space; the closer follows no white space and is not followed by a third marker. */
function doubleSpanAt(src: Source, i: number, end: number, type: SpanNode['type'], inert: boolean): Match | null {
  const s = src.s
  const c = s[i]!
  const from = i + 2
  if (from >= end || isSpace(s[from])) return null
  const close = findCloser(
    src,
    from,
    end,
    (j) => j > from && j + 1 < end && s[j] === c && s[j + 1] === c && !isSpace(s[j - 1]) && (j + 2 >= end || s[j + 2] !== c),
  )
  if (close < 0) return null
  const children = parseRange(src, from, close, inert || type === 'spoiler')
  return { node: { type, children }, next: close + 2 }
}

/** `*` and `_`: as doubles, but a doubled marker neither opens nor closes, and `_` does not work inside words. */
function singleSpanAt(src: Source, i: number, start: number, end: number, inert: boolean): Match | null {
  const s = src.s
  const c = s[i]!
  const from = i + 1
  if (from >= end || isSpace(s[from]) || s[from] === c) return null
  if (c === '_' && i > start && isAlnum(s[i - 1])) return null
  const close = findCloser(src, from, end, (j) => {
    if (j === from || s[j] !== c || isSpace(s[j - 1]) || s[j - 1] === c) return false
    const after = j + 1 < end ? s[j + 1] : undefined
    return after !== c && !(c === '_' && isAlnum(after))
  })
  if (close < 0) return null
  return { node: { type: 'italic', children: parseRange(src, from, close, inert) }, next: close + 1 }
}

/** Collects nodes, merging adjacent text. */
class InlineBuilder {
  readonly nodes: Inline[] = []

  text(t: string): void {
    if (!t) return
    const last = this.nodes[this.nodes.length - 1]
    if (last?.type === 'text') last.text += t
    else this.nodes.push({ type: 'text', text: t })
  }

  node(n: Inline): void {
    this.nodes.push(n)
  }
}
