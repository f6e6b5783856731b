import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import FormattedText from '@/components/chats/FormattedText.vue'
import type { Block, Inline } from '@/utils/formatting'

import { corpus, xssCases } from '../helpers/formattingCorpus'
import { storeSession } from '../helpers/fixtures'

const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:']
const DANGEROUS = 'script, iframe, img, object, embed, svg, math, style, link, meta, base, form, input, frame, frameset'

function render(text: string, props: Record<string, unknown> = {}) {
  return mount(FormattedText, { props: { text, inGroup: true, ...props } })
}

/** The text a rendering shows: the plain text, less the `\n` between blocks (they are elements). */
function shownText(tree: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => ('children' in n ? inline(n.children) : n.type === 'mention' ? `@${n.username}` : n.text)).join('')
  return tree.map((b) => (b.type === 'code_block' ? b.text : b.type === 'list' ? b.items.map((i) => inline(i.children)).join('') : inline(b.children))).join('')
}

/** What must hold for any body: no active content, no handlers, links only to web and mail addresses. */
function expectInert(root: Element): void {
  expect(root.querySelectorAll(DANGEROUS)).toHaveLength(0)
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of el.attributes) {
      expect(attr.name.toLowerCase().startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false)
      expect(attr.value.toLowerCase()).not.toMatch(/^\s*(javascript|data|vbscript):/)
    }
  }
  for (const a of root.querySelectorAll('a')) {
    const href = a.getAttribute('href')
    expect(href, 'an anchor without a checked address').not.toBeNull()
    expect(SAFE_PROTOCOLS).toContain(new URL(href!).protocol)
    expect(a.getAttribute('target')).toBe('_blank')
    expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow')
  }
}

describe('FormattedText', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession() // signed in as alice
    setActivePinia(createPinia())
  })

  describe.each(xssCases)('renders $name inert', ({ input, tree }) => {
    it('as text, without markup, handlers or unsafe links', () => {
      const w = render(input)
      expectInert(w.element)
      // The payload is there to read, as text.
      expect(w.element.textContent).toBe(shownText(tree))
      expect(w.html()).not.toMatch(/<(script|img|iframe|svg|object|a href="(?!https?:|mailto:))/i)
    })
  })

  it('renders every corpus case inert and shows all of its text', () => {
    for (const { name, input, tree } of corpus) {
      const w = render(input)
      expectInert(w.element)
      expect(w.element.textContent, name).toBe(shownText(tree))
      w.unmount()
    }
  })

  it('isolates the body, so a right-to-left override stays inside it', () => {
    const w = render('evil\u202egnp.exe [x](https://example.com) @bob\n> q\n- i')
    expect(w.attributes('dir')).toBe('auto')
    expect(w.get('a').attributes('dir')).toBe('auto')
    expect(w.get('[data-mention]').attributes('dir')).toBe('auto')
    expect(w.get('blockquote').attributes('dir')).toBe('auto')
    expect(w.get('li').attributes('dir')).toBe('auto')
    expect(w.text()).toContain('evil\u202egnp.exe')
  })

  it('renders each kind of node as its element', () => {
    const w = render('**b** *i* ~~s~~ `c` [l](https://example.com/x) https://example.org\n> q\n1. one\n- two\n```rust\nfn main() {}\n```')
    expect(w.get('strong').text()).toBe('b')
    expect(w.get('em').text()).toBe('i')
    expect(w.get('s').text()).toBe('s')
    expect(w.get('code').text()).toBe('c')
    expect(w.findAll('a').map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['l', 'https://example.com/x'],
      ['https://example.org', 'https://example.org'],
    ])
    expect(w.get('blockquote').text()).toBe('q')
    expect(w.get('ol').text()).toBe('one')
    expect(w.get('ol').attributes('start')).toBeUndefined()
    expect(w.get('ul').text()).toBe('two')
    expect(w.get('pre').attributes('data-lang')).toBe('rust')
    expect(w.get('pre code').text()).toBe('fn main() {}')
  })

  it('keeps an ordered list’s first number', () => {
    expect(render('3. c\n4. d').get('ol').attributes('start')).toBe('3')
  })

  it('shows a link the browser cannot read as text', () => {
    const w = render('see https://[oops')
    expect(w.find('a').exists()).toBe(false)
    expect(w.text()).toBe('see https://[oops')
  })

  it('hides a spoiler until it is pressed, and again when pressed again', async () => {
    const w = render('the end: ||he **lives**||')
    const spoiler = w.get('button[data-spoiler]')
    expect(spoiler.attributes('aria-expanded')).toBe('false')
    expect(spoiler.attributes('aria-label')).toBe('Spoiler')
    expect(spoiler.get('span').classes()).toContain('invisible')
    await spoiler.trigger('click')
    expect(spoiler.attributes('aria-expanded')).toBe('true')
    expect(spoiler.attributes('aria-label')).toBeUndefined()
    expect(spoiler.get('span').classes()).not.toContain('invisible')
    expect(spoiler.get('strong').text()).toBe('lives')
    await spoiler.trigger('click')
    expect(spoiler.attributes('aria-expanded')).toBe('false')
  })

  it('keeps links and spoilers out of the tab order when asked (a message without focus)', async () => {
    const w = render('[x](https://example.com) ||s||', { tabbable: false })
    expect(w.get('a').attributes('tabindex')).toBe('-1')
    expect(w.get('button').attributes('tabindex')).toBe('-1')
    await w.setProps({ tabbable: true })
    expect(w.get('a').attributes('tabindex')).toBeUndefined()
    expect(w.get('button').attributes('tabindex')).toBeUndefined()
  })

  it('marks mentions as before, and none inside code', () => {
    const w = render('@alice `@bob` **@carol**')
    expect(w.findAll('[data-mention]').map((m) => [m.text(), m.attributes('data-mention')])).toEqual([
      ['@alice', 'me'],
      ['@carol', 'other'],
    ])
  })
})
