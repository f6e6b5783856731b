import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import type { PublicUser } from '@/api/types'
import ChatHeader from '@/components/chats/ChatHeader.vue'
import ConversationListItem from '@/components/chats/ConversationListItem.vue'
import MessageList from '@/components/chats/MessageList.vue'
import BaseBotBadge from '@/components/common/BaseBotBadge.vue'
import FriendRequests from '@/components/friends/FriendRequests.vue'
import FriendRow from '@/components/friends/FriendRow.vue'
import GroupMembers from '@/components/groups/GroupMembers.vue'
import NotificationItem from '@/components/notifications/NotificationItem.vue'
import { useFriendsStore } from '@/stores/friends'
import { useMessagesStore } from '@/stores/messages'
import { useUsersStore } from '@/stores/users'

import { bob, conversation, friend, me, message, notification, person, request } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group, member } from '../helpers/groups'
import { json } from '../helpers/http'
import { serveRoutes } from '../helpers/routes'

/** An account run by code, beside Bob, a person. */
const robo: PublicUser = { ...person('0b8f2c1e-0000-4000-8000-0000000000b0', 'robo', 'Robo'), bot: true }

const NOW = new Date('2024-06-01T13:00:00Z')

function router() {
  const r = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'chats', component: { template: '<div/>' } },
      { path: '/chats/:id', name: 'chat', component: { template: '<div/>' } },
    ],
  })
  void r.push('/')
  return r
}

describe('BaseBotBadge', () => {
  it('marks a bot with "Bot", explained on hover and to screen readers', () => {
    const w = mount(BaseBotBadge, { props: { user: robo } })
    const badge = w.get('[data-bot-badge]')
    expect(badge.classes()).toContain('badge')
    expect(badge.attributes('title')).toBe('Bot account: run by code')
    expect(badge.get('[aria-hidden=true]').text()).toBe('Bot')
    expect(badge.get('.sr-only').text()).toBe('(Bot account: run by code)')
  })

  it('shows nothing for a person, an unknown user, or no user', () => {
    for (const user of [bob, { bot: false }, {}, null, undefined]) {
      const w = mount(BaseBotBadge, { props: { user } })
      expect(w.find('[data-bot-badge]').exists()).toBe(false)
    }
  })
})

describe('the Bot badge where names show', () => {
  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
  })

  it('is on a bot’s author line in a group chat, not on a person’s', () => {
    useUsersStore().remember(robo, bob)
    const h = useMessagesStore().historyOf('c1')
    h.items = [message(1, { author_id: robo.id }), message(2, { author_id: bob.id })]
    h.loaded = true
    const w = mount(MessageList, { props: { conversation: conversation('c1', { kind: 'group', peer: null }) } })
    const authors = w.findAll('[data-author]')
    expect(authors.map((a) => a.text())).toEqual(['Robo Bot (Bot account: run by code)', 'Bob'])
    expect(authors[0]!.find('[data-bot-badge]').exists()).toBe(true)
    expect(authors[1]!.find('[data-bot-badge]').exists()).toBe(false)
    w.unmount()
  })

  it('is on a bot in the member list, not on the people', async () => {
    serveRoutes({
      'GET /api/v1/groups/g1/members': () =>
        json(200, { items: [member(me, { owner: true }), member(bob), member(robo)], next_after: null }),
    })
    const w = mount(GroupMembers, { props: { group: group() } })
    await flushPromises()
    const row = (username: string) => w.get(`[data-member][data-username=${username}]`)
    expect(row('robo').find('[data-bot-badge]').exists()).toBe(true)
    expect(row('bob').find('[data-bot-badge]').exists()).toBe(false)
    expect(row(me.username).find('[data-bot-badge]').exists()).toBe(false)
    // The badge sits beside the name, outside the buttons' names.
    expect(row('robo').find('button[aria-label="Kick Robo"]').exists()).toBe(true)
    w.unmount()
  })

  it('is beside a bot DM’s name in the chat list and the chat header', () => {
    for (const [peer, shown] of [
      [robo, true],
      [bob, false],
    ] as const) {
      const c = conversation(`c-${peer.username}`, { peer })
      const item = mount(ConversationListItem, { props: { conversation: c, now: NOW }, global: { plugins: [router()] } })
      expect(item.find('[data-bot-badge]').exists()).toBe(shown)
      const header = mount(ChatHeader, { props: { conversation: c }, global: { plugins: [router()] } })
      expect(header.get('#chat-title').text()).toBe(peer.display_name)
      expect(header.find('[data-bot-badge]').exists()).toBe(shown)
    }
  })

  it('is on a bot friend and a bot’s friend request, not on a person’s', () => {
    const bobRow = mount(FriendRow, { props: { friend: friend(bob), now: NOW, opening: false } })
    expect(bobRow.find('[data-bot-badge]').exists()).toBe(false)
    const roboRow = mount(FriendRow, { props: { friend: friend(robo), now: NOW, opening: false } })
    expect(roboRow.find('[data-bot-badge]').exists()).toBe(true)

    const friends = useFriendsStore()
    friends.incoming = [request('r1', robo, me), request('r2', bob, me)]
    friends.outgoing = [request('r3', me, robo)]
    const w = mount(FriendRequests)
    const received = w.get('[aria-label=Received]').findAll('li')
    expect(received.map((li) => li.find('[data-bot-badge]').exists())).toEqual([true, false])
    expect(w.get('[aria-label=Sent]').find('[data-bot-badge]').exists()).toBe(true)
  })

  it('is on a notification whose actor is a bot', () => {
    const of = (actor: PublicUser) =>
      mount(NotificationItem, {
        props: { notification: notification(1, { actor, kind: 'friend_request.accepted', data: {} }), now: NOW, busy: false },
        global: { plugins: [router()] },
      })
    expect(of(robo).find('[data-bot-badge]').exists()).toBe(true)
    expect(of(bob).find('[data-bot-badge]').exists()).toBe(false)
  })
})
