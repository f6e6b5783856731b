import { defineStore } from 'pinia'
import { ref } from 'vue'

import { conversationsApi } from '@/api/conversations'
import type { ReadState } from '@/api/types'
import { newestId } from '@/utils/ids'

/**
 * Every member's read marker in the group chats opened so far, for "seen by
 * N": loaded once per conversation with `GET /conversations/{id}/reads`, then
 * moved forward by `conversation.read` events.
 */
export const useReadsStore = defineStore('reads', () => {
  /** conversation id → user id → last read message id. */
  const markers = ref<Record<string, Record<string, string | null>>>({})
  const loading = new Set<string>()

  async function load(conversationId: string, { force = false } = {}): Promise<void> {
    if (loading.has(conversationId) || (markers.value[conversationId] && !force)) return
    loading.add(conversationId)
    try {
      const { items } = await conversationsApi.reads(conversationId)
      const held = markers.value[conversationId] ?? {}
      const next: Record<string, string | null> = {}
      // Events that arrived during the request may be newer than the answer.
      for (const r of items) next[r.user_id] = newestId(held[r.user_id], r.last_read_message_id)
      markers.value[conversationId] = next
    } catch {
      /* "seen by" is a nicety: without markers it is not shown */
    } finally {
      loading.delete(conversationId)
    }
  }

  function apply(r: ReadState): void {
    const conv = markers.value[r.conversation_id]
    if (!conv) return
    conv[r.user_id] = newestId(conv[r.user_id], r.last_read_message_id)
  }

  /** How many members other than the author have read up to this message. */
  function seenBy(conversationId: string, messageId: string, authorId: string | null): number {
    const conv = markers.value[conversationId]
    if (!conv) return 0
    let n = 0
    for (const [userId, last] of Object.entries(conv)) if (userId !== authorId && last && last >= messageId) n++
    return n
  }

  function forget(conversationId: string): void {
    delete markers.value[conversationId]
  }

  /** After a resync: fetch the markers again for the chats that show them. */
  async function reload(): Promise<void> {
    await Promise.all(Object.keys(markers.value).map((id) => load(id, { force: true })))
  }

  function reset(): void {
    markers.value = {}
    loading.clear()
  }

  return { markers, load, apply, seenBy, forget, reload, reset }
})
