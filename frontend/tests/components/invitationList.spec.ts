import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import InvitationList from '@/components/groups/InvitationList.vue'
import { setLocale } from '@/i18n'
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

  it('counts a group’s members with the right noun, in each language', async () => {
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
    const rows = () => w.findAll('[data-invitation]').map((r) => r.text())
    expect(rows()).toEqual([
      expect.stringMatching(/Bob invited you\s*· 3 members/),
      expect.stringMatching(/Bob invited you\s*· 1 member(?!s)/),
    ])

    // German has the same two forms; Arabic has six (one member is "عضو واحد", three are "3 أعضاء").
    await setLocale('de')
    await flushPromises()
    expect(rows()).toEqual([
      expect.stringMatching(/Bob hat dich eingeladen\s*· 3 Mitglieder/),
      expect.stringMatching(/Bob hat dich eingeladen\s*· 1 Mitglied(?!er)/),
    ])
    await setLocale('ar')
    await flushPromises()
    expect(rows()).toEqual([expect.stringContaining('· 3 أعضاء'), expect.stringContaining('· عضو واحد')])
  })
})
