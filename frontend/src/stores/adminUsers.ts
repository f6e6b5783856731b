import { defineStore } from 'pinia'
import { ref } from 'vue'

import { adminApi, type AdminUser } from '@/api/admin'
import { useCursorList } from '@/composables/useCursorList'
import { i18n } from '@/i18n'

/**
 * The site administrators' view of accounts: a search (username, email or
 * display name; disabled ones only, if asked), paged; one account's details;
 * disabling (every login ends) and enabling, each with a reason.
 */
export const useAdminUsersStore = defineStore('adminUsers', () => {
  const query = ref('')
  const disabledOnly = ref(false)
  const list = useCursorList<AdminUser>((before) =>
    adminApi.users({ q: query.value.trim(), disabled: disabledOnly.value, before }),
  )

  /** The account shown in detail. */
  const selected = ref<AdminUser | null>(null)
  const selectedError = ref<string | null>(null)

  function search(): Promise<void> {
    return list.reload()
  }

  async function open(id: string): Promise<void> {
    selectedError.value = null
    if (selected.value?.id !== id) selected.value = list.items.value.find((u) => u.id === id) ?? null
    try {
      selected.value = await adminApi.user(id)
    } catch (e) {
      selected.value = null
      selectedError.value = e instanceof Error && e.message ? e.message : i18n.global.t('errors.generic')
    }
  }

  function changed(user: AdminUser): AdminUser {
    list.replace(user)
    if (selected.value?.id === user.id) selected.value = user
    return user
  }

  /** Disables the account: its logins end at once. Throws the refusal (`cannot_disable_self`). */
  async function disable(id: string, reason: string): Promise<AdminUser> {
    return changed(await adminApi.disable(id, reason.trim()))
  }

  async function enable(id: string, reason: string): Promise<AdminUser> {
    return changed(await adminApi.enable(id, reason.trim()))
  }

  function reset(): void {
    list.reset()
    query.value = ''
    disabledOnly.value = false
    selected.value = null
    selectedError.value = null
  }

  return {
    query,
    disabledOnly,
    items: list.items,
    hasMore: list.hasMore,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    search,
    loadMore: list.loadMore,
    selected,
    selectedError,
    open,
    disable,
    enable,
    reset,
  }
})
