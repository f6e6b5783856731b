import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'

import { isTypingTarget, onEscape, shortcutOf, useShortcuts, type KeyPress } from '@/composables/useShortcuts'
import { useConversationsStore } from '@/stores/conversations'

import { conversation, message } from '../helpers/chat'

function press(key: string, over: Partial<KeyPress> = {}): KeyPress {
  return {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    isComposing: false,
    defaultPrevented: false,
    target: document.body,
    ...over,
  }
}

function element(html: string): HTMLElement {
  const host = document.createElement('div')
  host.innerHTML = html
  return host.firstElementChild as HTMLElement
}

describe('shortcutOf', () => {
  it('opens the switcher with Ctrl+K or ⌘+K, even in a text field', () => {
    const field = element('<input type="text">')
    expect(shortcutOf(press('k', { ctrlKey: true }))).toBe('switcher')
    expect(shortcutOf(press('K', { metaKey: true, target: field }))).toBe('switcher')
    expect(shortcutOf(press('k', { ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(shortcutOf(press('k'))).toBeNull()
  })

  it('takes `?` only outside text fields', () => {
    expect(shortcutOf(press('?', { shiftKey: true }))).toBe('help')
    expect(shortcutOf(press('?', { target: element('<button>x</button>') }))).toBe('help')
    expect(shortcutOf(press('?', { target: element('<input type="checkbox">') }))).toBe('help')
    expect(shortcutOf(press('?', { target: element('<textarea></textarea>') }))).toBeNull()
    expect(shortcutOf(press('?', { target: element('<input type="search">') }))).toBeNull()
    expect(shortcutOf(press('?', { target: element('<select><option>a</option></select>') }))).toBeNull()
  })

  it('moves between chats with Alt+↑/↓, also from the composer, but not in a select', () => {
    expect(shortcutOf(press('ArrowDown', { altKey: true }))).toBe('next')
    expect(shortcutOf(press('ArrowUp', { altKey: true, target: element('<textarea></textarea>') }))).toBe('previous')
    expect(shortcutOf(press('ArrowUp', { altKey: true, target: element('<select></select>') }))).toBeNull()
    expect(shortcutOf(press('ArrowUp'))).toBeNull()
    expect(shortcutOf(press('ArrowUp', { altKey: true, ctrlKey: true }))).toBeNull()
  })

  it('leaves keys someone used already, and those of an IME composing', () => {
    expect(shortcutOf(press('Escape'))).toBe('escape')
    expect(shortcutOf(press('Escape', { defaultPrevented: true }))).toBeNull()
    expect(shortcutOf(press('ArrowDown', { altKey: true, defaultPrevented: true }))).toBeNull()
    expect(shortcutOf(press('k', { ctrlKey: true, isComposing: true }))).toBeNull()
  })

  it('knows a text field from other controls', () => {
    expect(isTypingTarget(element('<input>'))).toBe(true)
    expect(isTypingTarget(element('<input type="email">'))).toBe(true)
    expect(isTypingTarget(element('<input type="radio">'))).toBe(false)
    expect(isTypingTarget(element('<div contenteditable="true"><b>x</b></div>').firstElementChild)).toBe(true)
    expect(isTypingTarget(element('<a href="/x">x</a>'))).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})

describe('useShortcuts', () => {
  let wrapper: ReturnType<typeof mount> | undefined

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
  })

  async function setup(path = '/chats') {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/chats', name: 'chats', component: { render: () => null } },
        { path: '/chats/:id', name: 'chat', component: { render: () => null } },
      ],
    })
    await router.push(path)
    const conversations = useConversationsStore()
    // Newest activity first: c3, c2, c1.
    for (const [id, n] of [
      ['c1', 1],
      ['c2', 2],
      ['c3', 3],
    ] as const) {
      conversations.byId[id] = conversation(id, { last_message: message(n, { conversation_id: id }) })
    }
    let state!: ReturnType<typeof useShortcuts>
    const closed: string[] = []
    const panelOpen = ref(true)
    const Host = defineComponent({
      setup() {
        state = useShortcuts()
        // A side panel Escape may close.
        onEscape(() => {
          if (!panelOpen.value) return false
          panelOpen.value = false
          closed.push('panel')
          return true
        })
        return () => h('div', [h('input', { id: 'field' })])
      },
    })
    wrapper = mount(Host, { global: { plugins: [router] }, attachTo: document.body })
    return { router, state: () => state, closed, panelOpen }
  }

  function keydown(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body) {
    const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
    target.dispatchEvent(e)
    return e
  }

  it('Alt+↓ and Alt+↑ open the next and previous conversation in the list order, stopping at the ends', async () => {
    const { router } = await setup('/chats/c3')
    keydown('ArrowDown', { altKey: true })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c2')
    keydown('ArrowDown', { altKey: true })
    keydown('ArrowDown', { altKey: true })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c1')
    keydown('ArrowUp', { altKey: true })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c2')
  })

  it('from no open chat, Alt+↓ opens the first and Alt+↑ the last', async () => {
    const { router } = await setup('/chats')
    const e = keydown('ArrowDown', { altKey: true })
    await flushPromises()
    expect(e.defaultPrevented).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/chats/c3')
    await router.push('/chats')
    keydown('ArrowUp', { altKey: true })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/chats/c1')
  })

  it('Ctrl+K opens and closes the switcher, from a text field too', async () => {
    const { state } = await setup()
    const field = document.getElementById('field')!
    const e = keydown('k', { ctrlKey: true }, field)
    expect(e.defaultPrevented).toBe(true)
    expect(state().switcherOpen.value).toBe(true)
    keydown('k', { metaKey: true }, field)
    expect(state().switcherOpen.value).toBe(false)
  })

  it('`?` opens the help, not while typing', async () => {
    const { state } = await setup()
    keydown('?', {}, document.getElementById('field')!)
    expect(state().helpOpen.value).toBe(false)
    keydown('?')
    expect(state().helpOpen.value).toBe(true)
  })

  it('Escape closes a registered panel once, and leaves keys to an open dialog', async () => {
    const { closed, panelOpen } = await setup()
    const dialog = document.createElement('dialog')
    dialog.setAttribute('open', '')
    document.body.append(dialog)
    keydown('Escape')
    expect(closed).toEqual([])
    keydown('k', { ctrlKey: true }) // no switcher over another dialog either
    dialog.remove()

    const e = keydown('Escape')
    expect(e.defaultPrevented).toBe(true)
    expect(closed).toEqual(['panel'])
    expect(panelOpen.value).toBe(false)
    // Nothing left to close: the key is not taken.
    expect(keydown('Escape').defaultPrevented).toBe(false)
  })

  it('stops listening when the shell goes', async () => {
    const { state, router } = await setup('/chats/c3')
    wrapper!.unmount()
    wrapper = undefined
    const push = vi.spyOn(router, 'push')
    keydown('ArrowDown', { altKey: true })
    keydown('k', { ctrlKey: true })
    await flushPromises()
    expect(push).not.toHaveBeenCalled()
    expect(state().switcherOpen.value).toBe(false)
  })
})
