import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'

import type { LinkPreview, Message } from '@/api/types'
import LinkPreviewCard from '@/components/chats/LinkPreviewCard.vue'
import MessageBubble from '@/components/chats/MessageBubble.vue'
import { createAppRouter } from '@/router'
import { useMessagesStore } from '@/stores/messages'
import { mergeMessage } from '@/utils/history'

import { me, message, mid } from '../helpers/chat'
import { media } from '../helpers/groups'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json } from '../helpers/http'
import { route, serveRoutes } from '../helpers/routes'

const example: LinkPreview = {
  url: 'https://example.org/a?b=1',
  title: 'Example Domain',
  description: 'This domain is for use in documentation examples.',
  site_name: 'Example',
  author_name: null,
  image: null,
}

function card(preview: LinkPreview, removable = false) {
  return mount(LinkPreviewCard, {
    props: { preview, conversationId: 'c1', messageId: mid(1), removable },
  })
}

describe('a link preview card', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('shows the site, the title as a link to the URL, and the description, each isolated for direction', () => {
    const w = card(example)
    expect(w.get('[data-preview-site]').text()).toBe('Example')
    expect(w.get('[data-preview-description]').text()).toBe('This domain is for use in documentation examples.')
    expect(w.get('[data-preview-description]').classes()).toContain('line-clamp-3')
    const link = w.get('[data-preview-title] a')
    expect(link.text()).toBe('Example Domain')
    expect(link.attributes()).toMatchObject({
      href: 'https://example.org/a?b=1',
      target: '_blank',
      rel: 'noopener noreferrer nofollow',
    })
    for (const part of ['[data-preview-site]', '[data-preview-title]', '[data-preview-description]']) {
      expect(w.get(part).attributes('dir')).toBe('auto')
      expect(w.get(part).find('bdi').exists()).toBe(true)
    }
  })

  it('leaves out what the page does not say, and names the URL when there is no title', () => {
    const w = card({ url: 'http://example.org/' })
    expect(w.find('[data-preview-site]').exists()).toBe(false)
    expect(w.find('[data-preview-description]').exists()).toBe(false)
    expect(w.get('[data-preview-title] a').text()).toBe('http://example.org/')
  })

  it('shows markup from the page as text', () => {
    const w = card({ ...example, title: '<img src=x onerror="window.__xss=1">', description: '<script>x()</script>' })
    expect(w.find('img').exists()).toBe(false)
    expect(w.find('script').exists()).toBe(false)
    expect(w.get('[data-preview-title] a').text()).toBe('<img src=x onerror="window.__xss=1">')
  })

  it('makes no link of an address that is not http or https', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'mailto:a@example.org', '//example.org', 'example.org']) {
      const w = card({ ...example, url })
      expect(w.find('a').exists(), url).toBe(false)
      expect(w.get('[data-preview-title]').text()).toBe('Example Domain')
    }
  })

  it('shows the author oEmbed names and the server\'s thumbnail of the page\'s picture, never the page\'s own address', () => {
    const picture = media('p1', {
      status: 'ready',
      width: 800,
      height: 600,
      thumbnail_url: '/api/v1/media/p1/thumbnail',
    })
    const w = card({ ...example, author_name: 'Ann Example', image: picture })
    expect(w.get('[data-preview-author]').text()).toBe('Ann Example')
    const img = w.get('img[data-preview-image]')
    expect(img.attributes('src')).toBe('/api/v1/media/p1/thumbnail')
    expect(img.attributes('alt')).toBe('')
  })

  it('shows no picture while it is not ready', () => {
    const w = card({ ...example, image: media('p2') })
    expect(w.find('[data-preview-image]').exists()).toBe(false)
    expect(w.find('[data-preview-author]').exists()).toBe(false)
  })

  it('offers "Remove preview" only to the author', () => {
    expect(card(example).find('button').exists()).toBe(false)
    const button = card(example, true).get('button[data-remove-preview]')
    expect(button.attributes('aria-label')).toBe('Remove preview')
  })

  it('says in words when the removal is refused', async () => {
    serveRoutes({
      'DELETE /api/v1/conversations/c1/messages/*/previews': () => errorEnvelope(403, 'forbidden', 'not your message'),
    })
    const w = card(example, true)
    await w.get('button[data-remove-preview]').trigger('click')
    await flushPromises()
    expect(w.get('[role=alert]').text()).toContain('Not your message.')
  })
})

describe('link previews on a message', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  async function loadedBubble(held: Message, mine: boolean) {
    const requests = serveRoutes({
      'GET /api/v1/conversations/c1/messages': () => json(200, { items: [held], next_before: null, next_after: null }),
      'DELETE /api/v1/conversations/c1/messages/*/previews': () => json(200, { ...held, previews: [] }),
    })
    const messages = useMessagesStore()
    await messages.loadLatest('c1')
    const router = createAppRouter(createMemoryHistory())
    await router.push('/chats/c1')
    const w = mount(MessageBubble, {
      props: { message: messages.find('c1', held.id)!, mine },
      global: { plugins: [router] },
      attachTo: document.body,
    })
    return { w, messages, requests }
  }

  it('shows a card for each preview, with the remove button on my own message only', async () => {
    const two = [example, { url: 'https://example.net/', title: 'Net' }]
    const theirs = await loadedBubble(message(1, { previews: two }), false)
    expect(theirs.w.findAll('[data-link-preview]')).toHaveLength(2)
    expect(theirs.w.find('[data-remove-preview]').exists()).toBe(false)
    theirs.w.unmount()

    const mine = await loadedBubble(message(1, { author_id: me.id, previews: two }), true)
    expect(mine.w.findAll('[data-remove-preview]')).toHaveLength(2)
  })

  it('shows no card on a deleted message', async () => {
    const { w } = await loadedBubble(message(1, { previews: [example], deleted_at: '2024-06-01T13:00:00Z', body: null }), false)
    expect(w.find('[data-link-preview]').exists()).toBe(false)
  })

  it('removes the previews with the DELETE and takes the message from the answer', async () => {
    const held = message(1, { author_id: me.id, previews: [example] })
    const { w, messages, requests } = await loadedBubble(held, true)
    await w.get('button[data-remove-preview]').trigger('click')
    await flushPromises()
    expect(requests.filter((r) => r.method === 'DELETE').map(route)).toEqual([
      `DELETE /api/v1/conversations/c1/messages/${mid(1)}/previews`,
    ])
    expect(messages.find('c1', held.id)!.previews).toEqual([])
    await w.setProps({ message: messages.find('c1', held.id)! })
    expect(w.find('[data-link-preview]').exists()).toBe(false)
  })
})

describe('merging copies of a message: previews', () => {
  const held = message(1, { previews: [example], reactions: [{ emoji: '👍', count: 1, me: false }] })

  it('takes the previews an update brings, replacing the ones held', () => {
    const other = { url: 'https://example.net/', title: 'Net' }
    const merged = mergeMessage(held, message(1, { previews: [other] }))
    expect(merged.previews).toEqual([other])
    // The other rules stand: reactions the event lacks are kept.
    expect(merged.reactions).toEqual(held.reactions)
  })

  it('clears them when the update brings an empty list', () => {
    expect(mergeMessage(held, message(1, { previews: [] })).previews).toEqual([])
  })

  it('takes them from an arrival even when the held copy is the fresher content', () => {
    const edited = message(1, { body: 'new', edited_at: '2024-06-01T13:00:00Z', previews: [example] })
    const merged = mergeMessage(edited, message(1, { previews: [] }))
    expect(merged.body).toBe('new')
    expect(merged.previews).toEqual([])
  })

  it('keeps them when the arrival has no such field', () => {
    const { previews: _, ...bare } = message(1, { body: 'x' })
    expect(mergeMessage(held, bare as Message).previews).toEqual([example])
  })
})
