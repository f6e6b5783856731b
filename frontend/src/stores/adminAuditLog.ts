import { defineStore } from 'pinia'
import { ref } from 'vue'

import { adminApi, type SiteAction, type SiteAuditEntry } from '@/api/admin'
import { useCursorList } from '@/composables/useCursorList'

/** The site audit log, newest first, by action and by account, paged. */
export const useAdminAuditLogStore = defineStore('adminAuditLog', () => {
  /** null: every action. */
  const action = ref<SiteAction | null>(null)
  /** Only what was done to this account (null: everyone). */
  const targetId = ref<string | null>(null)
  const list = useCursorList<SiteAuditEntry>((before) =>
    adminApi.auditLog({ action: action.value, targetId: targetId.value, before }),
  )

  function load(): Promise<void> {
    return list.reload()
  }

  function reset(): void {
    list.reset()
    action.value = null
    targetId.value = null
  }

  return {
    action,
    targetId,
    items: list.items,
    hasMore: list.hasMore,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    load,
    loadMore: list.loadMore,
    reset,
  }
})
