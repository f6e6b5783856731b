import { defineStore } from 'pinia'
import { ref } from 'vue'

import { accessTokensApi } from '@/api/accessTokens'
import { isApiError } from '@/api/client'
import type { AccessToken, CreatedToken, CreateTokenRequest } from '@/api/types'
import { i18n } from '@/i18n'

import { useSecurityStore } from './security'

/**
 * The user's personal access tokens on the Security page: listed newest first,
 * created, revoked. Secrets are never kept here: the one `create` answers is
 * for the caller to show once.
 */
export const useAccessTokensStore = defineStore('accessTokens', () => {
  const items = ref<AccessToken[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    error.value = null
    try {
      items.value = (await accessTokensApi.list()).items
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('settings.accessTokens.loadFailed')
    }
  }

  /** Creates a token; it heads the list, and the answer (with its secret) goes to the caller. */
  async function create(req: CreateTokenRequest): Promise<CreatedToken> {
    const created = await accessTokensApi.create(req)
    items.value = [created.token, ...items.value.filter((t) => t.id !== created.token.id)]
    useSecurityStore().refreshEvents()
    return created
  }

  /** Revokes a token. One already gone (revoked in another tab) leaves the list all the same. */
  async function revoke(id: string): Promise<void> {
    try {
      await accessTokensApi.revoke(id)
    } catch (e) {
      if (!(isApiError(e) && e.status === 404)) throw e
    }
    items.value = items.value.filter((t) => t.id !== id)
    useSecurityStore().refreshEvents()
  }

  function reset(): void {
    items.value = []
    loaded.value = false
    error.value = null
  }

  return { items, loaded, error, load, create, revoke, reset }
})
