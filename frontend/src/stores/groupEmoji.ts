import { defineStore } from 'pinia'
import { ref } from 'vue'

import { moderationApi, type CustomEmoji, type EmojiDeleted } from '@/api/moderation'
import { uploadMedia } from '@/api/media'
import { i18n } from '@/i18n'
import { useConversationsStore } from '@/stores/conversations'

/** A group's emoji list, by name. */
export interface EmojiList {
  items: CustomEmoji[]
  loaded: boolean
  loading: boolean
  error: string | null
}

function byName(a: CustomEmoji, b: CustomEmoji): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/**
 * Each group's custom emoji (loaded when a chat of the group shows them),
 * kept live by `group.emoji_created` and `group.emoji_deleted`.
 */
export const useGroupEmojiStore = defineStore('groupEmoji', () => {
  const conversations = useConversationsStore()
  const byGroup = ref<Record<string, EmojiList>>({})
  const fetching = new Map<string, Promise<void>>()

  function listOf(groupId: string): EmojiList {
    if (!byGroup.value[groupId]) byGroup.value[groupId] = { items: [], loaded: false, loading: false, error: null }
    return byGroup.value[groupId]!
  }

  function load(groupId: string): Promise<void> {
    let pending = fetching.get(groupId)
    if (pending) return pending
    const list = listOf(groupId)
    list.loading = true
    list.error = null
    pending = moderationApi
      .emoji(groupId)
      .then((page) => {
        list.items = [...page.items].sort(byName)
        list.loaded = true
      })
      .catch((e: unknown) => {
        list.error = e instanceof Error && e.message ? e.message : i18n.global.t('moderation.emoji.loadFailed')
      })
      .finally(() => {
        list.loading = false
        fetching.delete(groupId)
      })
    fetching.set(groupId, pending)
    return pending
  }

  /** Loads a group's emoji once. */
  function ensure(groupId: string): void {
    const list = byGroup.value[groupId]
    if (!list || (!list.loaded && !list.loading && !list.error)) void load(groupId)
  }

  /** The group of a conversation, when it is a group's. */
  function groupOf(conversationId: string | null | undefined): string | null {
    return conversationId ? (conversations.byId[conversationId]?.group?.id ?? null) : null
  }

  /** The picture of `:name:` in a group, if it has one. */
  function urlOf(groupId: string | null | undefined, name: string): string | undefined {
    if (!groupId) return undefined
    return byGroup.value[groupId]?.items.find((e) => e.name === name)?.url
  }

  async function add(groupId: string, name: string, file: File): Promise<CustomEmoji> {
    const media = await uploadMedia(file)
    const emoji = await moderationApi.createEmoji(groupId, name, media.id)
    applyCreated(emoji)
    return emoji
  }

  async function remove(groupId: string, emojiId: string): Promise<void> {
    await moderationApi.deleteEmoji(groupId, emojiId)
    const list = byGroup.value[groupId]
    if (list) list.items = list.items.filter((e) => e.id !== emojiId)
  }

  function applyCreated(emoji: CustomEmoji): void {
    const list = byGroup.value[emoji.group_id]
    if (!list) return
    list.items = [...list.items.filter((e) => e.id !== emoji.id && e.name !== emoji.name), emoji].sort(byName)
  }

  function applyDeleted(data: EmojiDeleted): void {
    const list = byGroup.value[data.group_id]
    if (list) list.items = list.items.filter((e) => e.id !== data.id)
  }

  /** After a resync: what we hold, again. */
  async function reload(): Promise<void> {
    await Promise.all(Object.keys(byGroup.value).map((id) => load(id)))
  }

  function forget(groupId: string): void {
    delete byGroup.value[groupId]
  }

  function reset(): void {
    byGroup.value = {}
    fetching.clear()
  }

  return { byGroup, listOf, load, ensure, groupOf, urlOf, add, remove, applyCreated, applyDeleted, reload, forget, reset }
})
