/**
 * The one place socket events meet the stores: each event type is routed to
 * the stores it concerns. A `resync` (or a connection that could not resume)
 * means events may have been missed, so state is reloaded over REST.
 */
import { watch } from 'vue'

import type { EventType } from '@/api/types'
import { subscribeGroupEvents } from '@/realtime/groupEvents'
import { socket as defaultSocket, type SocketClient } from '@/realtime/socket'
import { useConversationsStore } from '@/stores/conversations'
import { useDraftsStore } from '@/stores/drafts'
import { useExportsStore } from '@/stores/exports'
import { useFriendsStore } from '@/stores/friends'
import { useGroupMembersStore } from '@/stores/groupMembers'
import { useGroupsStore } from '@/stores/groups'
import { useInvitesStore } from '@/stores/invites'
import { useMessagesStore } from '@/stores/messages'
import { useNotificationsStore } from '@/stores/notifications'
import { useNotifySettingsStore } from '@/stores/notifySettings'
import { useOutboxStore } from '@/stores/outbox'
import { usePinsStore } from '@/stores/pins'
import { usePresenceStore } from '@/stores/presence'
import { useReactionsStore } from '@/stores/reactions'
import { useReadsStore } from '@/stores/reads'
import { useSecurityStore } from '@/stores/security'
import { useThreadsStore } from '@/stores/threads'
import { useTypingStore } from '@/stores/typing'

const FRIEND_REQUEST_EVENTS = [
  'friend_request.created',
  'friend_request.accepted',
  'friend_request.declined',
  'friend_request.cancelled',
] as const satisfies readonly EventType[]

const MESSAGE_CHANGES = ['message.updated', 'message.deleted'] as const satisfies readonly EventType[]

export interface RealtimeSync {
  /** Reloads everything over REST. */
  reload(): Promise<void>
  /** Unsubscribes from the socket. */
  stop(): void
}

export function startRealtimeSync(client: SocketClient = defaultSocket): RealtimeSync {
  const conversations = useConversationsStore()
  const messages = useMessagesStore()
  const friends = useFriendsStore()
  const notifications = useNotificationsStore()
  const presence = usePresenceStore()
  const typing = useTypingStore()
  const groups = useGroupsStore()
  const groupMembers = useGroupMembersStore()
  const invites = useInvitesStore()
  const reads = useReadsStore()
  const reactions = useReactionsStore()
  const pins = usePinsStore()
  const security = useSecurityStore()
  const exports = useExportsStore()
  const drafts = useDraftsStore()
  const notifySettings = useNotifySettingsStore()
  const outbox = useOutboxStore()
  const threads = useThreadsStore()

  async function reload(): Promise<void> {
    await Promise.all([
      conversations.load(),
      friends.load(),
      notifications.load(),
      invites.load(),
      messages.resync(),
      groups.reload(),
      groupMembers.reload(),
      reads.reload(),
      pins.resync(),
      threads.resync(),
      drafts.load(),
    ])
    exports.refresh()
  }

  const offs = [
    client.on('message.created', (m) => {
      // A thread reply goes to its thread, never to the chat's timeline or counts (the stores tell them apart).
      messages.applyCreated(m)
      conversations.applyMessageCreated(m)
      outbox.applyCreated(m)
      if (m.thread_id) threads.applyReplyCreated(m)
      else if (m.author_id) typing.stop(m.conversation_id, m.author_id)
    }),
    ...MESSAGE_CHANGES.map((type) =>
      client.on(type, (m) => {
        messages.applyChanged(m)
        conversations.applyMessageChanged(m)
        pins.applyChanged(m)
        if (!m.thread_id) threads.applyRootChanged(m)
        else if (m.deleted_at) threads.applyReplyDeleted(m)
      }),
    ),
    // A root's summary (count, last reply, last repliers) after each reply.
    client.on('thread.updated', (s) => threads.applySummary(s)),
    // One's own part in a thread (following, read marker), from any device.
    client.on('thread.member_updated', (m) => threads.applyMembership(m)),
    client.on('message.pinned', (m) => pins.applyPinned(m)),
    client.on('message.unpinned', (m) => pins.applyUnpinned(m)),
    client.on('message.reaction_added', (c) => reactions.applyChange(c, true)),
    client.on('message.reaction_removed', (c) => reactions.applyChange(c, false)),
    client.on('conversation.created', (c) => void conversations.fetchOne(c.id)),
    client.on('conversation.read', (r) => {
      conversations.applyRead(r)
      reads.apply(r)
    }),
    // A level or mute changed in another tab or on another device.
    client.on('conversation.notifications_updated', (n) => notifySettings.apply(n)),
    ...FRIEND_REQUEST_EVENTS.map((type) => client.on(type, (r) => friends.applyRequest(r))),
    client.on('friend.removed', (d) => friends.applyFriendRemoved(d)),
    client.on('notification.created', (n) => {
      notifications.applyCreated(n)
      // A data export is done (or the Security page shows an older list).
      if (n.kind === 'account.export_ready' || n.kind === 'account.export_failed') exports.refresh()
    }),
    client.on('presence.updated', (p) => void presence.apply(p)),
    client.on('typing.started', (t) => typing.apply(t)),
    // The composer's text saved in another tab or on another device (and the echo of this tab's own saves).
    client.on('draft.updated', (d) => drafts.applyRemote(d)),
    // This tab's own login ending closes its socket (4004); others leave the sessions list.
    client.on('session.revoked', (d) => security.applyRevoked(d)),
    client.on('resync', () => void reload()),
    ...subscribeGroupEvents(client),
  ]

  // A connection that is ready without having resumed (no event seen yet)
  // got nothing of what happened while it was down or connecting.
  const stopWatch = watch(
    () => client.state.value,
    (state, before) => {
      if (state !== 'ready' || before === 'ready') return
      // The server is reachable again: messages written meanwhile go.
      void outbox.flush()
      if (client.lastEventId === null) void reload()
      // Resumed: nothing to reload, but drafts whose saves failed while offline go now.
      else void drafts.flushAll()
    },
  )

  void reload()
  // The messages this user left unsent (a reload, a closed browser) show, and go.
  void outbox.start()

  return {
    reload,
    stop() {
      for (const off of offs) off()
      stopWatch()
    },
  }
}
