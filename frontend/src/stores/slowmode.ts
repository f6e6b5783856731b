import { defineStore } from 'pinia'
import { ref } from 'vue'

import { isApiError } from '@/api/client'
import { useConversationsStore } from '@/stores/conversations'
import { useGroupsStore } from '@/stores/groups'
import { useTimeoutsStore } from '@/stores/timeouts'
import { waitsForSlowmode } from '@/utils/slowmode'

/**
 * Slow mode as the composer sees it: when the signed-in user may send again
 * in each chat (ms since the epoch), from their own sends in a slow-mode
 * group and from a send refused 429 `slowmode` (its `retry_after`). The
 * outbox reports both; a refused `timed_out` goes to the timeouts store.
 */
export const useSlowmodeStore = defineStore('slowmode', () => {
  const conversations = useConversationsStore()
  const groups = useGroupsStore()
  const timeouts = useTimeoutsStore()

  /** Per conversation id: when the next message may go. */
  const until = ref<Record<string, number>>({})

  function groupOf(conversationId: string) {
    const id = conversations.byId[conversationId]?.group?.id
    return id ? (groups.byId[id] ?? null) : null
  }

  /** My message went into a chat: in a slow-mode group I wait (unless my role skips it). */
  function noteSent(conversationId: string, now: number = Date.now()): void {
    const g = groupOf(conversationId)
    if (!g || !waitsForSlowmode(g)) return
    until.value[conversationId] = now + g.slowmode_secs * 1000
  }

  /** A send was refused: slow mode's wait, or a timeout we did not know of. */
  function noteRefusal(conversationId: string, e: unknown, now: number = Date.now()): void {
    if (!isApiError(e)) return
    if (e.code === 'slowmode') {
      const wait = e.retryAfter ?? groupOf(conversationId)?.slowmode_secs ?? 0
      if (wait > 0) until.value[conversationId] = now + wait * 1000
    } else if (e.code === 'timed_out') {
      const gid = conversations.byId[conversationId]?.group?.id
      if (gid) timeouts.refusedIn(gid)
    }
  }

  /** When I may send again in a chat (ms), or null when I may now. */
  function waitUntil(conversationId: string, now: number = Date.now()): number | null {
    const at = until.value[conversationId]
    return at !== undefined && at > now ? at : null
  }

  function reset(): void {
    until.value = {}
  }

  return { until, noteSent, noteRefusal, waitUntil, reset }
})
