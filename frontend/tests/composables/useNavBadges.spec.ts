import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'

import { useNavBadges } from '@/composables/useNavBadges'
import { useConversationsStore } from '@/stores/conversations'
import { useFriendsStore } from '@/stores/friends'
import { useInvitesStore } from '@/stores/invites'
import { useNotificationsStore } from '@/stores/notifications'

import { bob, conversation, me, request } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group } from '../helpers/groups'

describe('useNavBadges', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('counts unread messages (as the tab title does), incoming requests and unread notifications', () => {
    const { badgeOf } = useNavBadges()
    expect(badgeOf('chats')).toBeNull()

    const conversations = useConversationsStore()
    conversations.upsert(conversation('c1', { unread_count: 4 }))
    conversations.upsert(conversation('c2', { unread_count: 1 }))
    conversations.upsert(conversation('c3'))
    useFriendsStore().applyRequest(request('r1', bob, me))
    useNotificationsStore().unreadCount = 120

    expect(badgeOf('chats')).toBe('5')
    expect(badgeOf('friends')).toBe('1')
    expect(badgeOf('notifications')).toBe('99+')
    expect(badgeOf('settings')).toBeNull()
  })

  it('counts the group invitations waiting for me, live', async () => {
    const { badges, badgeOf } = useNavBadges()
    const invites = useInvitesStore()
    expect(badgeOf('groups')).toBeNull()

    const invite = (id: string, groupId: string) => ({
      id,
      group: group({ id: groupId }),
      inviter: bob,
      invitee: me,
      created_at: '2024-06-01T00:00:00Z',
    })
    invites.applyCreated(invite('i1', 'g1'))
    invites.applyCreated(invite('i2', 'g2'))
    // One I sent is not mine to answer.
    invites.applyCreated({ ...invite('i3', 'g3'), inviter: me, invitee: bob })
    await nextTick()
    expect(badgeOf('groups')).toBe('2')

    invites.applyDeclined({ id: 'i1', group_id: 'g1', inviter_id: bob.id, invitee_id: me.id })
    await nextTick()
    expect(badges.value.groups).toBe(1)
    invites.applyJoinedGroup('g2')
    await nextTick()
    expect(badgeOf('groups')).toBeNull()
  })
})
