import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import InvitationList from '@/components/groups/InvitationList.vue'
import { useInvitesStore } from '@/stores/invites'

import { bob, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group } from '../helpers/groups'

describe('InvitationList', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('counts a group’s members with the right noun', () => {
    const invites = useInvitesStore()
    const invite = (id: string, members: number) => ({
      id,
      group: group({ id: `g-${id}`, name: `Group ${id}`, member_count: members }),
      inviter: bob,
      invitee: me,
      created_at: '2024-06-01T00:00:00Z',
    })
    invites.applyCreated(invite('a', 1))
    invites.applyCreated(invite('b', 3))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div/>' } }] })
    const w = mount(InvitationList, { global: { plugins: [router] } })
    expect(w.text()).toContain('invited you · 1 member')
    expect(w.text()).not.toContain('1 members')
    expect(w.text()).toContain('invited you · 3 members')
  })
})
