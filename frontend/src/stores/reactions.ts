import { defineStore } from 'pinia'
import { ref, toRaw } from 'vue'

import { reactionsApi } from '@/api/reactions'
import type { ReactionChange } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { useMessagesStore } from '@/stores/messages'
import { useUsersStore } from '@/stores/users'
import { sameEmoji, withCount, withMine } from '@/utils/reactions'

const key = (messageId: string, emoji: string) => `${messageId} ${emoji}`

/**
 * Reactions on loaded messages (the chips live on the messages of the
 * history): the reader's own, shown at once and sent, and everyone's from
 * `message.reaction_*` events, whose `count` is the server's and so settles
 * an optimistic change without counting it twice. Also who reacted with an
 * emoji, fetched when someone looks.
 */
export const useReactionsStore = defineStore('reactions', () => {
  const auth = useAuthStore()
  const messages = useMessagesStore()
  const users = useUsersStore()

  /** Who reacted (user ids, earliest first), by message and emoji; dropped when the emoji changes. */
  const reactors = ref<Record<string, string[]>>({})
  const fetching = new Map<string, Promise<void>>()

  function forgetReactors(messageId: string, emoji: string): void {
    delete reactors.value[key(messageId, emoji)]
  }

  /**
   * Puts the reader's `emoji` on the message (`on`) or takes it off: shown at
   * once, undone if the server refuses (the error is rethrown for the screen).
   */
  async function react(conversationId: string, messageId: string, emoji: string, on: boolean): Promise<void> {
    const m = messages.find(conversationId, messageId)
    if (!m) return
    const before = toRaw(m.reactions) ?? []
    const held = before.find((r) => sameEmoji(r.emoji, emoji))
    if (!!held?.me === on) return
    // The server's spelling of an emoji already there (a paste may lack its variation selector).
    const form = held?.emoji ?? emoji
    const optimistic = withMine(before, form, on)
    m.reactions = optimistic
    forgetReactors(messageId, form)
    try {
      await (on ? reactionsApi.add : reactionsApi.remove)(conversationId, messageId, form)
    } catch (e) {
      const now = messages.find(conversationId, messageId)
      // Undone only if no event has set the chips since (they are the server's then).
      if (now && toRaw(now.reactions) === optimistic) now.reactions = before
      throw e
    }
  }

  /** Flips the reader's reaction (a click on a chip). */
  function toggle(conversationId: string, messageId: string, emoji: string): Promise<void> {
    const mine = messages.find(conversationId, messageId)?.reactions?.find((r) => sameEmoji(r.emoji, emoji))?.me
    return react(conversationId, messageId, emoji, !mine)
  }

  /** `message.reaction_added` (`added`) or `message.reaction_removed`; messages not loaded are skipped. */
  function applyChange(change: ReactionChange, added: boolean): void {
    forgetReactors(change.message_id, change.emoji)
    const m = messages.find(change.conversation_id, change.message_id)
    if (!m) return
    const mine = change.user_id === auth.user?.id
    m.reactions = withCount(m.reactions ?? [], change.emoji, change.count, mine ? added : undefined)
  }

  /** Fetches who reacted with `emoji` (once until it changes). */
  function loadReactors(conversationId: string, messageId: string, emoji: string): Promise<void> {
    const k = key(messageId, emoji)
    if (reactors.value[k]) return Promise.resolve()
    let pending = fetching.get(k)
    if (!pending) {
      pending = reactionsApi
        .who(conversationId, messageId, emoji)
        .then(({ items }) => {
          users.remember(...items)
          reactors.value[k] = items.map((u) => u.id)
        })
        .catch(() => {
          /* only a tooltip: the count still shows */
        })
        .finally(() => fetching.delete(k))
      fetching.set(k, pending)
    }
    return pending
  }

  function reactorsOf(messageId: string, emoji: string): string[] | undefined {
    return reactors.value[key(messageId, emoji)]
  }

  function reset(): void {
    reactors.value = {}
    fetching.clear()
  }

  return { reactors, react, toggle, applyChange, loadReactors, reactorsOf, reset }
})
