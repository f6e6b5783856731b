import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import TypingIndicator from '@/components/chats/TypingIndicator.vue'
import { setLocale } from '@/i18n'
import { useUsersStore } from '@/stores/users'

import { bob, carol } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

describe('the typing line', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    useUsersStore().remember(bob, carol)
  })

  it('names who is typing, each name isolated (<bdi>) so a Latin name keeps its place in an Arabic line', async () => {
    const w = mount(TypingIndicator, { props: { userIds: [bob.id] } })
    expect(w.text()).toBe('Bob is typing…')
    expect(w.findAll('bdi').map((b) => b.text())).toEqual(['Bob'])

    await w.setProps({ userIds: [bob.id, carol.id] })
    expect(w.text()).toBe('Bob and carol are typing…')
    await setLocale('ar')
    expect(w.text()).toBe('Bob وcarol يكتبان…')
    expect(w.findAll('bdi').map((b) => b.text())).toEqual(['Bob', 'carol'])

    await w.setProps({ userIds: [bob.id, carol.id, 'someone-else'] })
    expect(w.findAll('bdi')).toHaveLength(0)
    await w.setProps({ userIds: [] })
    expect(w.text()).toBe('')
  })
})
