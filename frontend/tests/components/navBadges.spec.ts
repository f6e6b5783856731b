import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import AppSidebar from '@/components/layout/AppSidebar.vue'
import MobileNav from '@/components/layout/MobileNav.vue'
import { NAV_ITEMS } from '@/components/layout/navigation'
import { setLocale } from '@/i18n'
import { useInvitesStore } from '@/stores/invites'

import { bob, me } from '../helpers/chat'
import { alice, storeSession } from '../helpers/fixtures'
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
      // The number as shown, hidden from screen readers, which read the count in words (one invitation, not "invitations").
      expect(badge.get('[aria-hidden="true"]').text()).toBe('1')
      expect(badge.get('.sr-only').text()).toBe('1 group invitation')
      w.unmount()
    }
  })
})

describe('the sidebar in Arabic', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('names the sections in Arabic and keeps “@name” whole in a <bdi>', async () => {
    await setLocale('ar')
    const w = mount(AppSidebar, { global: { plugins: [router()] } })
    expect(w.get('nav').attributes('aria-label')).toBe('التنقل الرئيسي')
    expect(w.findAll('nav a').map((a) => a.text())).toEqual(['الدردشات', 'الأصدقاء', 'المجموعات', 'الإشعارات', 'الإعدادات'])
    expect(w.findAll('bdi').map((b) => b.text())).toContain(`@${alice.username}`)
    w.unmount()
  })
})
