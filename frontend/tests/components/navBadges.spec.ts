import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import AppSidebar from '@/components/layout/AppSidebar.vue'
import MobileNav from '@/components/layout/MobileNav.vue'
import { NAV_ITEMS } from '@/components/layout/navigation'
import { useInvitesStore } from '@/stores/invites'

import { bob, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group } from '../helpers/groups'

function router() {
  return createRouter({
    history: createMemoryHistory(),
    routes: NAV_ITEMS.map((item) => ({ path: `/${item.name}`, name: item.name, component: { template: '<div/>' } })),
  })
}

describe('the Groups entry of the navigation', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('shows a badge for a pending group invitation, in the sidebar and the phone dock', async () => {
    for (const nav of [AppSidebar, MobileNav]) {
      setActivePinia(createPinia())
      const w = mount(nav, { global: { plugins: [router()] } })
      const groupsLink = () => w.findAll('a').find((a) => a.attributes('href') === '/groups')!
      expect(groupsLink().find('.badge').exists()).toBe(false)

      useInvitesStore().applyCreated({
        id: 'i1',
        group: group(),
        inviter: bob,
        invitee: me,
        created_at: '2024-06-01T00:00:00Z',
      })
      await w.vm.$nextTick()
      const badge = groupsLink().get('.badge')
      expect(badge.text()).toMatch(/^1/)
      expect(badge.get('.sr-only').text()).toBe('group invitations')
      // What a screen reader reads: the number and the words apart.
      expect(badge.element.textContent?.replace(/\s+/g, ' ').trim()).toBe('1 group invitations')
      w.unmount()
    }
  })
})
