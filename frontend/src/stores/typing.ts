import { defineStore } from 'pinia'
import { ref } from 'vue'

import type { TypingStarted } from '@/api/types'
import { useAuthStore } from '@/stores/auth'

/** How long "is typing" shows after the last notice (docs/protocol.md says ~5 s). */
export const TYPING_TTL_MS = 5_000

/**
 * Who is typing where, from `typing.started` notices. A notice is ephemeral
 * (nobody says "stopped"), so each one shows for a few seconds; a message
 * from that person ends it at once.
 */
export const useTypingStore = defineStore('typing', () => {
  const auth = useAuthStore()
  /** conversation id → ids of the people typing there, in arrival order. */
  const byConversation = ref<Record<string, string[]>>({})
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const key = (conversationId: string, userId: string) => `${conversationId}:${userId}`

  function apply(notice: TypingStarted): void {
    const { conversation_id: c, user_id: u } = notice
    if (u === auth.user?.id) return // our own other tabs
    const ids = byConversation.value[c] ?? []
    if (!ids.includes(u)) byConversation.value[c] = [...ids, u]
    const k = key(c, u)
    clearTimeout(timers.get(k))
    timers.set(
      k,
      setTimeout(() => stop(c, u), TYPING_TTL_MS),
    )
  }

  /** They stopped: expired, or their message arrived. */
  function stop(conversationId: string, userId: string): void {
    const k = key(conversationId, userId)
    clearTimeout(timers.get(k))
    timers.delete(k)
    const ids = byConversation.value[conversationId]
    if (!ids?.includes(userId)) return
    const rest = ids.filter((id) => id !== userId)
    if (rest.length) byConversation.value[conversationId] = rest
    else delete byConversation.value[conversationId]
  }

  function typers(conversationId: string): string[] {
    return byConversation.value[conversationId] ?? []
  }

  function reset(): void {
    for (const t of timers.values()) clearTimeout(t)
    timers.clear()
    byConversation.value = {}
  }

  return { byConversation, apply, stop, typers, reset }
})
