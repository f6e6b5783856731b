/**
 * Routes the `group.*`, `group_invite.*` and `media.updated` events to their
 * stores (part of the dispatcher, kept apart so each file has one job).
 */
import type { EventType } from '@/api/types'
import type { SocketClient } from '@/realtime/socket'
import { useAuthStore } from '@/stores/auth'
import { useGroupEmojiStore } from '@/stores/groupEmoji'
import { useGroupMembersStore } from '@/stores/groupMembers'
import { useGroupsStore } from '@/stores/groups'
import { useInvitesStore } from '@/stores/invites'
import { useMediaStore } from '@/stores/media'
import { usePinsStore } from '@/stores/pins'
import { useReadsStore } from '@/stores/reads'
import { useThreadsStore } from '@/stores/threads'
import { useTimeoutsStore } from '@/stores/timeouts'

const GROUP_CHANGES = ['group.created', 'group.updated'] as const satisfies readonly EventType[]
const ROLE_CHANGES = ['group.role_created', 'group.role_updated'] as const satisfies readonly EventType[]

/** Subscribes the group, invitation and media stores; returns the unsubscribers. */
export function subscribeGroupEvents(client: Pick<SocketClient, 'on'>): Array<() => void> {
  const auth = useAuthStore()
  const groups = useGroupsStore()
  const members = useGroupMembersStore()
  const invites = useInvitesStore()
  const media = useMediaStore()
  const reads = useReadsStore()
  const pins = usePinsStore()
  const threads = useThreadsStore()
  const emoji = useGroupEmojiStore()
  const timeouts = useTimeoutsStore()

  function forgetConversation(conversationId: string): void {
    reads.forget(conversationId)
    pins.forget(conversationId)
    threads.forget(conversationId)
  }

  /** We are out of a group: forget everything of it. */
  function removed(groupId: string): void {
    const conversationId = groups.byId[groupId]?.conversation_id
    groups.applyMemberLeft({ group_id: groupId, user_id: auth.user?.id ?? '' })
    members.forget(groupId)
    if (conversationId) forgetConversation(conversationId)
  }

  return [
    ...GROUP_CHANGES.map((type) => client.on(type, (g) => groups.applyGroup(g))),
    client.on('group.deleted', (d) => {
      groups.drop(d.id, d.conversation_id)
      members.forget(d.id)
      emoji.forget(d.id)
      forgetConversation(d.conversation_id)
    }),
    client.on('group.member_joined', (m) => {
      groups.applyMemberJoined(m)
      members.applyJoined(m)
      if (m.user.id === auth.user?.id) invites.applyJoinedGroup(m.group_id)
    }),
    client.on('group.member_left', (d) => {
      if (d.user_id === auth.user?.id) return removed(d.group_id)
      groups.applyMemberLeft(d)
      members.applyLeft(d)
    }),
    client.on('group.member_banned', (d) => {
      if (d.user_id === auth.user?.id) return removed(d.group_id)
      groups.applyMemberLeft(d)
      members.applyBanned(d)
    }),
    client.on('group.member_unbanned', (d) => members.applyUnbanned(d)),
    client.on('group.member_updated', (m) => {
      groups.applyMemberUpdated(m)
      members.applyUpdated(m)
      timeouts.apply(m)
    }),
    ...ROLE_CHANGES.map((type) => client.on(type, (r) => groups.applyRole(r))),
    client.on('group.role_deleted', (d) => {
      groups.applyRoleDeleted(d)
      members.applyRoleDeleted(d)
    }),
    client.on('group.roles_reordered', (d) => groups.applyRolesReordered(d)),
    client.on('group_invite.created', (i) => invites.applyCreated(i)),
    client.on('group_invite.declined', (d) => invites.applyDeclined(d)),
    client.on('group_invite.revoked', (d) => invites.applyDeclined(d)),
    client.on('media.updated', (m) => media.apply(m)),
    client.on('group.emoji_created', (e) => emoji.applyCreated(e)),
    client.on('group.emoji_deleted', (d) => emoji.applyDeleted(d)),
    client.on('resync', () => void emoji.reload()),
  ]
}
