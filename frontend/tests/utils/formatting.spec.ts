import { describe, expect, it } from 'vitest'

import { parse, plain, safeHref } from '@/utils/formatting'

import { corpus, xssCases } from '../helpers/formattingCorpus'

describe('the formatting corpus (docs/formatting-corpus.json, shared with the server)', () => {
  it('has at least 60 cases with distinct names, the XSS set among them', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60)
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length)
    expect(xssCases.length).toBeGreaterThanOrEqual(20)
  })

  it.each(corpus)('$name', ({ input, tree, plain: text }) => {
    expect(parse(input)).toEqual(tree)
    expect(plain(input)).toBe(text)
  })
})

describe('parse', () => {
  it('is plain JSON: what the server sends and tests compare', () => {
    const tree = parse('**a** [b](https://x.org) @bob\n> q\n- i\n```js\nc\n```')
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree)
  })

  it('takes well under a second for the worst 4000-character bodies', () => {
    const worst = ['**a '.repeat(1000), '['.repeat(4000), '[a]('.repeat(1000), '_a '.repeat(1333), '||a '.repeat(1000)]
    const started = performance.now()
    for (const body of worst) parse(body)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('safeHref', () => {
  it('lets through only addresses the browser reads as http, https or mailto', () => {
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a')
    expect(safeHref('HTTP://EXAMPLE.COM')).toBe('HTTP://EXAMPLE.COM')
    expect(safeHref('mailto:ann@example.com')).toBe('mailto:ann@example.com')
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example', 'https://[oops', '']) {
      expect(safeHref(bad)).toBeNull()
    }
  })
})
