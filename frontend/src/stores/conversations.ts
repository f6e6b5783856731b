import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { conversationsApi } from '@/api/conversations'
import type { Conversation, GroupRef, Message, ReadState } from '@/api/types'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { useUsersStore } from '@/stores/users'
import { isNewer, newestId } from '@/utils/ids'
import { mentionsUser } from '@/utils/mentions'
import { displayName } from '@/utils/names'

/** When a conversation was last active: its newest message, else its creation. */
function activity(c: Conversation): string {
  const last = c.last_message?.created_at
  return last && last > c.created_at ? last : c.created_at
}

/** The list's order, as the API sorts it: most recently active first. */
function byActivity(a: Conversation, b: Conversation): number {
  const ta = Date.parse(activity(a))
  const tb = Date.parse(activity(b))
  if (ta !== tb) return tb - ta
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** What a conversation is called: the group's name, else the other person. */
export function conversationTitle(c: Conversation): string {
  if (c.group?.name) return c.group.name
  if (c.peer) return displayName(c.peer)
  return i18n.global.t(c.kind === 'group' ? 'chats.kind.group' : 'chats.untitled')
}

/**
 * The conversation list: last message, unread count and read markers, kept
 * live by `message.*`, `conversation.created` and `conversation.read` events.
 */
export const useConversationsStore = defineStore('conversations', () => {
  const auth = useAuthStore()
  const users = useUsersStore()

  const byId = ref<Record<string, Conversation>>({})
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const fetching = new Map<string, Promise<Conversation | null>>()
  /**
   * Per conversation, what the unread count holds beyond the server's: its
   * count covers messages up to `base` (the newest when it was fetched), and
   * `ids` are those counted here since. Messages may arrive out of order
   * (several writers on the server), so "newer than the last message" cannot
   * tell a new one from a replay.
   */
  const counted = new Map<string, { base: string | null; ids: Set<string> }>()

  function trackFrom(c: Conversation): void {
    counted.set(c.id, { base: c.last_message?.id ?? null, ids: new Set() })
  }

  const list = computed(() => Object.values(byId.value).sort(byActivity))
  const totalUnread = computed(() => list.value.reduce((n, c) => n + c.unread_count, 0))

  const me = () => auth.user?.id

  /** Whether a message in `c` mentions me (my name, or `@everyone` in a group). */
  function mentionsMe(c: Conversation, m: Message): boolean {
    return mentionsUser(m.body, auth.user?.username, c.kind === 'group')
  }

  function upsert(c: Conversation): Conversation {
    users.remember(c.peer)
    trackFrom(c)
    byId.value[c.id] = c
    return byId.value[c.id]!
  }

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const { items } = await conversationsApi.list()
      const next: Record<string, Conversation> = {}
      counted.clear()
      for (const c of items) {
        next[c.id] = c
        trackFrom(c)
      }
      users.remember(...items.map((c) => c.peer))
      byId.value = next
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error ? e.message : i18n.global.t('chats.loadError')
    } finally {
      loading.value = false
    }
  }

  /** Fetches one conversation (once at a time); null when it is not ours. */
  function fetchOne(id: string): Promise<Conversation | null> {
    let pending = fetching.get(id)
    if (!pending) {
      pending = conversationsApi
        .get(id)
        .then(upsert)
        .catch(() => null)
        .finally(() => fetching.delete(id))
      fetching.set(id, pending)
    }
    return pending
  }

  /** The conversation, from memory or the server. */
  async function ensure(id: string): Promise<Conversation | null> {
    return byId.value[id] ?? fetchOne(id)
  }

  /** Opens (creating once) the DM with a friend. */
  async function openDm(userId: string): Promise<Conversation> {
    const existing = Object.values(byId.value).find((c) => c.kind === 'dm' && c.peer?.id === userId)
    if (existing) return existing
    return upsert(await conversationsApi.openDm(userId))
  }

  // ---- changes from events and replies ----------------------------------------

  /**
   * A new message: the newest one moves its conversation up; others' count as
   * unread, each once, even when one comes in after a newer one.
   */
  function applyMessageCreated(m: Message): void {
    // A thread reply is not the chat's: its last message and unread count are
    // the main timeline's (threads count in `unread_threads`, stores/threads.ts).
    if (m.thread_id) return
    const c = byId.value[m.conversation_id]
    if (!c) {
      // A conversation we have not seen (a new DM, or one we were added to).
      void fetchOne(m.conversation_id)
      return
    }
    if (!c.last_message || isNewer(m.id, c.last_message.id) || c.last_message.id === m.id) c.last_message = m
    const track = counted.get(c.id) ?? { base: null, ids: new Set<string>() }
    counted.set(c.id, track)
    const fresh = isNewer(m.id, track.base) && !track.ids.has(m.id)
    if (fresh && m.author_id !== me() && !m.deleted_at && isNewer(m.id, c.last_read_message_id)) {
      track.ids.add(m.id)
      c.unread_count += 1
      // The "@" badge; reading the chat (markReadLocally) clears it.
      if (mentionsMe(c, m)) c.mention_count = (c.mention_count ?? 0) + 1
    }
  }

  /** An edit or a deletion: the list shows it if it is the last message. */
  function applyMessageChanged(m: Message): void {
    const c = byId.value[m.conversation_id]
    if (!c || m.thread_id) return
    if (c.last_message?.id === m.id) {
      const before = c.last_message
      const wasDeleted = !!before.deleted_at
      c.last_message = m
      // The server does not count deleted messages as unread.
      if (m.deleted_at && !wasDeleted && m.author_id !== me() && isNewer(m.id, c.last_read_message_id)) {
        c.unread_count = Math.max(0, c.unread_count - 1)
        // Nor its mentions.
        if (mentionsMe(c, before)) c.mention_count = Math.max(0, (c.mention_count ?? 0) - 1)
      }
    }
  }

  /** Someone's read marker moved (ours, from any tab, or the DM peer's). */
  function applyRead(state: ReadState): void {
    const c = byId.value[state.conversation_id]
    if (!c) return
    if (state.user_id === me()) markReadLocally(c.id, state.last_read_message_id)
    else c.peer_last_read_message_id = newestId(c.peer_last_read_message_id, state.last_read_message_id)
  }

  /**
   * Moves our marker forward. Reading up to the newest message clears the
   * count; a partial read keeps it (we cannot tell how many remain).
   */
  function markReadLocally(conversationId: string, messageId: string): void {
    const c = byId.value[conversationId]
    if (!c) return
    c.last_read_message_id = newestId(c.last_read_message_id, messageId)
    if (!c.last_message || !isNewer(c.last_message.id, c.last_read_message_id)) {
      c.unread_count = 0
      c.mention_count = 0
      // All read: what comes later counts from here.
      counted.set(c.id, { base: c.last_read_message_id, ids: new Set() })
    }
  }

  /** One more (`delta` 1) or one fewer (-1) followed thread with unread replies. */
  function countUnreadThreads(conversationId: string, delta: number): void {
    const c = byId.value[conversationId]
    if (c) c.unread_threads = Math.max(0, (c.unread_threads ?? 0) + delta)
  }

  /** Forgets a conversation (a group deleted, or one we were removed from). */
  function remove(id: string): void {
    counted.delete(id)
    delete byId.value[id]
  }

  /** A group's name, kind or photo changed: the list and header show it. */
  function patchGroup(conversationId: string, group: GroupRef): void {
    const c = byId.value[conversationId]
    if (c) c.group = { ...c.group, id: group.id, name: group.name, kind: group.kind, photo_url: group.photo_url }
  }

  function reset(): void {
    byId.value = {}
    loaded.value = false
    loading.value = false
    error.value = null
    fetching.clear()
    counted.clear()
  }

  return {
    byId,
    list,
    totalUnread,
    loaded,
    loading,
    error,
    load,
    fetchOne,
    ensure,
    openDm,
    upsert,
    applyMessageCreated,
    applyMessageChanged,
    applyRead,
    markReadLocally,
    countUnreadThreads,
    remove,
    patchGroup,
    reset,
  }
})
