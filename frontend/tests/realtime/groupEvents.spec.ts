import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'

import type { EventHandler, GatewayEvent, SocketEvents, SocketEventType, Subscription } from '@/realtime/socket'
import { subscribeGroupEvents } from '@/realtime/groupEvents'
import { useConversationsStore } from '@/stores/conversations'
import { useGroupMembersStore } from '@/stores/groupMembers'
import { useGroupsStore } from '@/stores/groups'
import { useInvitesStore } from '@/stores/invites'
import { useMediaStore } from '@/stores/media'
import { useReadsStore } from '@/stores/reads'

import { bob, conversation, me } from '../helpers/chat'
import { storeSession } from '../helpers/fixtures'
import { group, media, member, memberRole, modRole } from '../helpers/groups'

type AnyHandler = (data: unknown, event: GatewayEvent) => void

/** A socket stand-in that hands events straight to the subscribed handlers. */
function bus() {
  const handlers = new Map<string, AnyHandler[]>()
  return {
    on: <T extends Subscription>(type: T, h: EventHandler<T>) => {
      handlers.set(type, [...(handlers.get(type) ?? []), h as AnyHandler])
      return () => {}
    },
    /** Delivers an event; its data is checked against the catalogue. */
    emit: <T extends SocketEventType>(type: T, data: SocketEvents[T]) => {
      for (const h of handlers.get(type) ?? []) h(data, { op: 'event', type, data } as GatewayEvent)
    },
  }
}

describe('group events', () => {
  let client: ReturnType<typeof bus>

  beforeEach(() => {
    localStorage.clear()
    storeSession()
    setActivePinia(createPinia())
    client = bus()
    subscribeGroupEvents(client)
    useConversationsStore().upsert(conversation('gc1', { kind: 'group', peer: null, group: { id: 'g1', name: 'Team', kind: 'private' } }))
    useGroupsStore().upsert(group())
    useGroupMembersStore().members.g1 = { items: [member(bob)], nextAfter: null, loaded: true, loading: false, error: null }
  })

  it('routes member and role events to the group and member stores', () => {
    client.emit('group.member_updated', member(bob, { role_id: modRole.id }))
    expect(useGroupMembersStore().members.g1?.items[0]?.role_id).toBe(modRole.id)
    client.emit('group.role_deleted', { group_id: 'g1', role_id: modRole.id, moved_to: memberRole.id })
    expect(useGroupMembersStore().members.g1?.items[0]?.role_id).toBe(memberRole.id)
    expect(useGroupsStore().byId.g1?.roles.map((r) => r.id)).toEqual([memberRole.id])
    client.emit('group.member_banned', { group_id: 'g1', user_id: bob.id, actor_id: me.id })
    expect(useGroupMembersStore().members.g1?.items).toEqual([])
    expect(useGroupsStore().byId.g1?.member_count).toBe(1)
  })

  it('forgets everything of a group I was kicked from', () => {
    useReadsStore().markers.gc1 = {}
    client.emit('group.member_left', { group_id: 'g1', user_id: me.id, reason: 'kicked', actor_id: bob.id })
    expect(useGroupsStore().byId.g1).toBeUndefined()
    expect(useConversationsStore().byId.gc1).toBeUndefined()
    expect(useGroupMembersStore().members.g1).toBeUndefined()
    expect(useReadsStore().markers.gc1).toBeUndefined()
  })

  it('drops a deleted group', () => {
    client.emit('group.deleted', { id: 'g1', conversation_id: 'gc1' })
    expect(useConversationsStore().byId.gc1).toBeUndefined()
  })

  it('passes on invitations and processed media', () => {
    client.emit('group_invite.created', { id: 'i1', group: group(), inviter: bob, invitee: me, created_at: '2024-06-01T00:00:00Z' })
    expect(useInvitesStore().count).toBe(1)
    client.emit('group.member_joined', member({ ...me, bio: '', status_text: '' }))
    expect(useInvitesStore().count).toBe(0)
    client.emit('media.updated', media('m1', { status: 'ready' }))
    expect(useMediaStore().byId.m1?.status).toBe('ready')
  })

  it('drops an invitation the inviter revoked, as one the invitee declined', () => {
    const invite = { group: group(), inviter: bob, invitee: me, created_at: '2024-06-01T00:00:00Z' }
    client.emit('group_invite.created', { id: 'i1', ...invite })
    client.emit('group_invite.created', { id: 'i2', ...invite })
    expect(useInvitesStore().count).toBe(2)
    client.emit('group_invite.revoked', { id: 'i1', group_id: 'g1', inviter_id: bob.id, invitee_id: me.id })
    expect(useInvitesStore().items.map((i) => i.id)).toEqual(['i2'])
    client.emit('group_invite.declined', { id: 'i2', group_id: 'g1', inviter_id: bob.id, invitee_id: me.id })
    expect(useInvitesStore().count).toBe(0)
  })
})
