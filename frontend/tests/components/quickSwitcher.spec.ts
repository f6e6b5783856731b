import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import QuickSwitcher from '@/components/shortcuts/QuickSwitcher.vue'
import ShortcutsHelp from '@/components/shortcuts/ShortcutsHelp.vue'
import { SHORTCUTS } from '@/composables/useShortcuts'
import { i18n, setLocale } from '@/i18n'
import { useConversationsStore } from '@/stores/conversations'
import { useFriendsStore } from '@/stores/friends'
import { keyLabel } from '@/utils/device'
import { switchChoices } from '@/utils/quickSwitch'

import { bob, carol, conversation, friend, message, person } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { errorEnvelope, json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

const zoe = person('0b8f2c1e-0000-4000-8000-000000000004', 'zoe', 'Zoë Zimmer')
const team = conversation('g1', {
  kind: 'group',
  peer: null,
  group: { id: 'grp1', name: 'Team Rocket', kind: 'private' },
  last_message: message(5, { conversation_id: 'g1' }),
})
const bobDm = conversation('c1', { peer: bob, last_message: message(3) })

describe('switchChoices', () => {
  it('lists the chats in the list’s order, then friends without a DM by name', () => {
    const all = switchChoices([team, bobDm], [friend(zoe), friend(bob), friend(carol)], '')
    expect(all.map((c) => c.title)).toEqual(['Team Rocket', 'Bob', 'carol', 'Zoë Zimmer'])
    expect(all.map((c) => c.kind)).toEqual(['conversation', 'conversation', 'friend', 'friend'])
  })

  it('puts a name’s start before a word’s start before anywhere, then usernames', () => {
    const titles = (q: string) => switchChoices([team, bobDm], [friend(zoe), friend(carol)], q).map((c) => c.title)
    expect(titles('ro')).toEqual(['Team Rocket', 'carol']) // a word's start, then inside "carol"
    expect(titles('zoe')).toEqual(['Zoë Zimmer']) // without the accent
    expect(titles('@bo')).toEqual(['Bob'])
    expect(titles('zim')).toEqual(['Zoë Zimmer'])
    expect(titles('nobody')).toEqual([])
  })
})

describe('QuickSwitcher', () => {
  let wrapper: ReturnType<typeof mount> | undefined
  /** The `open` model, as the parent holds it. */
  let isOpen = false

  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
  })

  async function setup() {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        { path: '/chats/:id', name: 'chat', component: { render: () => null } },
      ],
    })
    await router.push('/')
    const conversations = useConversationsStore()
    conversations.byId = { g1: team, c1: bobDm }
    useFriendsStore().friends = [friend(bob), friend(zoe)]
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    wrapper = mount(QuickSwitcher, {
      props: {
        open: false,
        'onUpdate:open': (v: boolean) => {
          isOpen = v
          void wrapper!.setProps({ open: v })
        },
      },
      global: { plugins: [router] },
      attachTo: document.body,
    })
    isOpen = true
    await wrapper.setProps({ open: true })
    await flushPromises()
    return { router, opener }
  }

  const input = () => wrapper!.get('input[role=combobox]')
  const options = () => wrapper!.findAll('[role=option]')

  it('is a labelled modal dialog whose box has the focus, and lists chats and friends', async () => {
    await setup()
    const dialog = wrapper!.get('dialog')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(wrapper!.get(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Go to a chat')
    expect(document.activeElement).toBe(input().element)
    expect(input().attributes('aria-controls')).toBe(wrapper!.get('[role=listbox]').attributes('id'))
    expect(options().map((o) => o.find('bdi').text())).toEqual(['Team Rocket', 'Bob', 'Zoë Zimmer'])
    expect(options()[0]!.attributes('aria-selected')).toBe('true')
  })

  it('filters as one types; the arrows move the choice (round the ends); Enter opens the chat and closes', async () => {
    const { router } = await setup()
    await input().setValue('b')
    expect(options().map((o) => o.find('bdi').text())).toEqual(['Bob'])
    await input().setValue('')
    await input().trigger('keydown', { key: 'ArrowDown' })
    expect(input().attributes('aria-activedescendant')).toBe(options()[1]!.attributes('id'))
    expect(options()[1]!.attributes('aria-selected')).toBe('true')
    await input().trigger('keydown', { key: 'ArrowUp' })
    await input().trigger('keydown', { key: 'ArrowUp' })
    expect(options()[2]!.attributes('aria-selected')).toBe('true')
    await input().trigger('keydown', { key: 'ArrowDown' })
    await input().trigger('keydown', { key: 'ArrowDown' })

    await input().trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c1')
    expect(isOpen).toBe(false)
  })

  it('opens (creating) the DM with a friend who has none, then closes', async () => {
    const requests = serveRoutes({ 'POST /api/v1/dms': () => json(201, conversation('c9', { peer: zoe })) })
    const { router } = await setup()
    await input().setValue('zoe')
    await input().trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1/dms'])
    expect(router.currentRoute.value.fullPath).toBe('/chats/c9')
    expect(isOpen).toBe(false)
  })

  it('stays open, saying why, when the DM cannot be opened', async () => {
    serveRoutes({ 'POST /api/v1/dms': () => errorEnvelope(403, 'not_friends', 'Direct messages need friendship.') })
    const { router } = await setup()
    await input().setValue('zoe')
    await options()[0]!.trigger('click')
    await flushPromises()
    // The refusal's code has a sentence of its own (errors.api.not_friends).
    expect(wrapper!.get('[role=alert]').text()).toBe('You are not friends.')
    expect(isOpen).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it('says when nothing matches; Escape (cancel) closes and gives the focus back', async () => {
    const { opener } = await setup()
    await input().setValue('nobody at all')
    expect(options()).toHaveLength(0)
    expect(wrapper!.get('[role=status]').text()).toBe('No chat or friend matches.')
    expect(input().attributes('aria-expanded')).toBe('false')
    await wrapper!.get('dialog').trigger('cancel')
    await flushPromises()
    expect(isOpen).toBe(false)
    expect(document.activeElement).toBe(opener)
  })
})

describe('ShortcutsHelp', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists every shortcut in a labelled modal dialog; Close gives the focus back', async () => {
    const opener = document.createElement('button')
    document.body.append(opener)
    opener.focus()
    const wrapper = mount(ShortcutsHelp, {
      props: { open: false, 'onUpdate:open': (v: boolean) => wrapper.setProps({ open: v }) },
      attachTo: document.body,
    })
    await wrapper.setProps({ open: true })
    await flushPromises()
    const dialog = wrapper.get('dialog')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(wrapper.get(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Keyboard shortcuts')
    const described = wrapper.findAll('dd').map((d) => d.text())
    expect(described).toEqual(SHORTCUTS.flatMap((g) => g.items.map((i) => i18n.global.t(i.what))))
    expect(described[0]).toBe('Find a chat or a friend')
    expect(wrapper.findAll('kbd').map((k) => k.text())).toContain(keyLabel('Mod', false))
    expect(document.activeElement?.textContent?.trim()).toBe('Close')

    await wrapper.findAll('button').find((b) => b.text() === 'Close')!.trigger('click')
    await flushPromises()
    expect(wrapper.props('open')).toBe(false)
    expect(document.activeElement).toBe(opener)
    wrapper.unmount()
  })

  it('names keys as the language does (Strg, Umschalt in German)', async () => {
    await setLocale('de')
    const wrapper = mount(ShortcutsHelp, { props: { open: false }, attachTo: document.body })
    await wrapper.setProps({ open: true })
    await flushPromises()
    const keys = wrapper.findAll('kbd').map((k) => k.text())
    expect(keys).toContain('Umschalt')
    expect(keys).toContain('Eingabe')
    if (!keys.includes('⌘')) expect(keys).toContain('Strg')
    expect(wrapper.get('h2').text()).toBe('Tastenkürzel')
    expect(wrapper.findAll('dd')[0]!.text()).toBe('Chat oder Freund finden')
    wrapper.unmount()
  })

  it('says ⌘ on Apple devices and Ctrl elsewhere', () => {
    expect(keyLabel('Mod', true)).toBe('⌘')
    expect(keyLabel('Mod', false)).toBe('Ctrl')
    expect(keyLabel('Enter', true)).toBe('Enter')
  })
})
