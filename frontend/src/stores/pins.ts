import { defineStore } from 'pinia'
import { ref } from 'vue'

import { pinsApi } from '@/api/pins'
import type { Message } from '@/api/types'
import { i18n } from '@/i18n'
import { useMessagesStore } from '@/stores/messages'
import { mergeMessage } from '@/utils/history'

/** A conversation's pinned messages, newest pin first, as the pins panel shows them. */
export interface PinList {
  items: Message[]
  loaded: boolean
  loading: boolean
  error: string | null
}

/** Newest pin first, as the API lists them. */
function byPinnedAt(a: Message, b: Message): number {
  return (b.pinned_at ?? '').localeCompare(a.pinned_at ?? '')
}

/**
 * Pinned messages per conversation (loaded when the pins panel opens), and
 * pinning itself; `message.pinned` / `message.unpinned` keep the lists and
 * the pin markers of loaded messages current.
 */
export const usePinsStore = defineStore('pins', () => {
  const messages = useMessagesStore()
  const lists = ref<Record<string, PinList>>({})

  function listOf(conversationId: string): PinList {
    if (!lists.value[conversationId]) lists.value[conversationId] = { items: [], loaded: false, loading: false, error: null }
    return lists.value[conversationId]!
  }

  async function load(conversationId: string, { force = false } = {}): Promise<void> {
    const list = listOf(conversationId)
    if (list.loading || (list.loaded && !force)) return
    list.loading = true
    list.error = null
    try {
      list.items = (await pinsApi.list(conversationId)).items
      list.loaded = true
    } catch (e) {
      list.error = e instanceof Error && e.message ? e.message : i18n.global.t('chats.pins.loadError')
    } finally {
      list.loading = false
    }
  }

  /** Pins a message (`missing_permission` and `too_many_pins` are thrown for the screen). */
  async function pin(conversationId: string, messageId: string): Promise<void> {
    applyPinned(await pinsApi.pin(conversationId, messageId))
  }

  async function unpin(conversationId: string, messageId: string): Promise<void> {
    await pinsApi.unpin(conversationId, messageId)
    const held = messages.find(conversationId, messageId) ?? lists.value[conversationId]?.items.find((m) => m.id === messageId)
    if (held) applyUnpinned({ ...held, pinned_at: null, pinned_by: null })
  }

  // ---- events ---------------------------------------------------------------------

  /** `message.pinned` (or a pin's reply): the marker on the message, the message in the list. */
  function applyPinned(m: Message): void {
    messages.applyChanged(m)
    const list = lists.value[m.conversation_id]
    if (!list?.loaded) return
    const held = list.items.find((x) => x.id === m.id)
    const merged = held ? mergeMessage(held, m) : m
    list.items = [...list.items.filter((x) => x.id !== m.id), merged].sort(byPinnedAt)
  }

  function applyUnpinned(m: Message): void {
    messages.applyChanged(m)
    const list = lists.value[m.conversation_id]
    if (list) list.items = list.items.filter((x) => x.id !== m.id)
  }

  /** An edit or a deletion of a pinned message: the list shows the edit; a deleted message leaves it. */
  function applyChanged(m: Message): void {
    const list = lists.value[m.conversation_id]
    const i = list?.items.findIndex((x) => x.id === m.id) ?? -1
    if (!list || i < 0) return
    if (m.deleted_at) list.items = list.items.filter((x) => x.id !== m.id)
    else list.items[i] = mergeMessage(list.items[i]!, m)
  }

  /** Events may have been missed: the lists held are reloaded. */
  async function resync(): Promise<void> {
    await Promise.all(
      Object.entries(lists.value)
        .filter(([, list]) => list.loaded)
        .map(([id]) => load(id, { force: true })),
    )
  }

  function forget(conversationId: string): void {
    delete lists.value[conversationId]
  }

  function reset(): void {
    lists.value = {}
  }

  return { lists, listOf, load, pin, unpin, applyPinned, applyUnpinned, applyChanged, resync, forget, reset }
})
