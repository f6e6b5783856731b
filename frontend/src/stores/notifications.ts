import { defineStore } from 'pinia'
import { ref } from 'vue'

import { notificationsApi } from '@/api/notifications'
import type { Notification } from '@/api/types'
import { i18n } from '@/i18n'

/** The notification list with its unread count, kept live by `notification.created`. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<Notification[]>([])
  const unreadCount = ref(0)
  const nextBefore = ref<string | null>(null)
  const loaded = ref(false)
  const loading = ref(false)
  const loadingMore = ref(false)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const page = await notificationsApi.list()
      items.value = page.items
      unreadCount.value = page.unread_count
      nextBefore.value = page.next_before ?? null
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error ? e.message : i18n.global.t('notifications.loadFailed')
    } finally {
      loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextBefore.value || loadingMore.value) return
    loadingMore.value = true
    try {
      const page = await notificationsApi.list(nextBefore.value)
      const known = new Set(items.value.map((n) => n.id))
      items.value = [...items.value, ...page.items.filter((n) => !known.has(n.id))]
      nextBefore.value = page.next_before ?? null
      unreadCount.value = page.unread_count
    } catch (e) {
      error.value = e instanceof Error ? e.message : i18n.global.t('notifications.loadOlderFailed')
    } finally {
      loadingMore.value = false
    }
  }

  function applyCreated(n: Notification): void {
    if (items.value.some((x) => x.id === n.id)) return
    items.value = [n, ...items.value]
    if (!n.read_at) unreadCount.value += 1
  }

  /** Marks one read, at once on screen; restored if the server refuses. */
  async function markRead(id: string): Promise<void> {
    const n = items.value.find((x) => x.id === id)
    if (!n || n.read_at) return
    n.read_at = new Date().toISOString()
    unreadCount.value = Math.max(0, unreadCount.value - 1)
    try {
      await notificationsApi.markRead(id)
    } catch (e) {
      n.read_at = null
      unreadCount.value += 1
      throw e
    }
  }

  async function markAllRead(): Promise<void> {
    await notificationsApi.markAllRead()
    const now = new Date().toISOString()
    for (const n of items.value) n.read_at ??= now
    unreadCount.value = 0
  }

  function reset(): void {
    items.value = []
    unreadCount.value = 0
    nextBefore.value = null
    loaded.value = false
    loading.value = false
    loadingMore.value = false
    error.value = null
  }

  return { items, unreadCount, nextBefore, loaded, loading, loadingMore, error, load, loadMore, applyCreated, markRead, markAllRead, reset }
})
