import { defineStore } from 'pinia'
import { ref } from 'vue'

import { adminApi, type AdminGroup } from '@/api/admin'
import { useCursorList } from '@/composables/useCursorList'

/** Every group of the site, private ones too (handle or name search, paged); any may be deleted with a reason. */
export const useAdminGroupsStore = defineStore('adminGroups', () => {
  const query = ref('')
  const list = useCursorList<AdminGroup>((before) => adminApi.groups({ q: query.value.trim(), before }))

  function search(): Promise<void> {
    return list.reload()
  }

  /** Deletes the group for everyone; the reason goes to the site audit log. */
  async function remove(id: string, reason: string): Promise<void> {
    await adminApi.deleteGroup(id, reason.trim())
    list.remove(id)
  }

  function reset(): void {
    list.reset()
    query.value = ''
  }

  return {
    query,
    items: list.items,
    hasMore: list.hasMore,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    search,
    loadMore: list.loadMore,
    remove,
    reset,
  }
})
