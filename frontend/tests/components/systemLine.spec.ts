import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import SystemLine from '@/components/chats/SystemLine.vue'
import { setLocale } from '@/i18n'
import { useUsersStore } from '@/stores/users'

import { bob, carol, me, message } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

function line(system: Record<string, unknown>) {
  return mount(SystemLine, { props: { message: message(1, { author_id: null, body: null, system }) } })
}

describe('a system line in the chat', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    useUsersStore().remember(bob, carol)
  })

  it('says it to the reader, each name isolated so two Latin names keep their order in Arabic', async () => {
    const kicked = line({ type: 'member_kicked', actor_id: bob.id, user_id: carol.id })
    const text = () => kicked.get('[data-system-text]').text()
    expect(text()).toBe('Bob removed carol')
    expect(kicked.findAll('[data-system-line] bdi').map((b) => b.text())).toEqual(['Bob', 'carol'])
    await setLocale('ar')
    expect(text()).toBe('أزال Bob carol')

    const mine = line({ type: 'role_assigned', actor_id: bob.id, user_id: me.id, role_id: 'r', name: 'Moderator' })
    expect(mine.get('[data-system-text]').text()).toBe('منحك Bob الدور «Moderator»')
    // The quotes are the sentence's (mirrored with it), the name alone is isolated.
    expect(mine.findAll('[data-system-text] bdi').map((b) => b.text())).toEqual(['Bob', 'Moderator'])
    await setLocale('en')
    expect(mine.get('[data-system-text]').text()).toBe('Bob gave you the role “Moderator”')
  })

  it('goes to the pinned message, and still says something of a kind it does not know', () => {
    const pinned = line({ type: 'message_pinned', actor_id: me.id, message_id: 'm7' })
    const button = pinned.get('button[data-system-line]')
    expect(button.attributes('title')).toBe('Show the message')
    expect(button.get('[data-system-text]').text()).toBe('You pinned a message')
    void button.trigger('click')
    expect(pinned.emitted('jump')).toEqual([['m7']])
    expect(line({ type: 'history_cleared' }).get('[data-system-text]').text()).toBe('History cleared')
  })
})
