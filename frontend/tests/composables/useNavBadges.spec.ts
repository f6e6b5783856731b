import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import { useNavBadges } from '@/composables/useNavBadges'
import { useConversationsStore } from '@/stores/conversations'
import { useFriendsStore } from '@/stores/friends'
import { useNotificationsStore } from '@/stores/notifications'

import { bob, conversation, me, request } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'

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
})
