import { defineStore } from 'pinia'
import { ref } from 'vue'

import { passkeysApi } from '@/api/passkeys'
import type { PasskeyInfo } from '@/api/types'
import { i18n } from '@/i18n'
import { createPasskey, isPasskeyCancelled } from '@/utils/webauthn'

import { useSecurityStore } from './security'

/** The user's passkeys on the Security page: listed oldest first, added, renamed, removed. */
export const usePasskeysStore = defineStore('passkeys', () => {
  const items = ref<PasskeyInfo[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    error.value = null
    try {
      items.value = await passkeysApi.list()
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('settings.passkeys.loadFailed')
    }
  }

  /**
   * Adds a passkey named `name`: the server's options go to the browser's
   * prompt, its answer back to the server. Null when the person closed the
   * prompt (nothing to say about that).
   */
  async function add(name: string): Promise<PasskeyInfo | null> {
    const ceremony = await passkeysApi.startRegistration()
    let credential
    try {
      credential = await createPasskey(ceremony.options)
    } catch (e) {
      if (isPasskeyCancelled(e)) return null
      throw e
    }
    const added = await passkeysApi.add({ ceremony_id: ceremony.ceremony_id, name, credential })
    items.value = [...items.value.filter((p) => p.id !== added.id), added]
    useSecurityStore().refreshEvents()
    return added
  }

  async function rename(id: string, name: string): Promise<PasskeyInfo> {
    const renamed = await passkeysApi.rename(id, name)
    items.value = items.value.map((p) => (p.id === id ? renamed : p))
    return renamed
  }

  async function remove(id: string): Promise<void> {
    await passkeysApi.remove(id)
    items.value = items.value.filter((p) => p.id !== id)
    useSecurityStore().refreshEvents()
  }

  function reset(): void {
    items.value = []
    loaded.value = false
    error.value = null
  }

  return { items, loaded, error, load, add, rename, remove, reset }
})
