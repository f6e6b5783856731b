import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { isApiError } from '@/api/client'
import { exportsApi, type DownloadedFile } from '@/api/exports'
import type { DataExport } from '@/api/types'
import { i18n } from '@/i18n'

/**
 * The user's data exports ("Your data" on the Security page): newest first,
 * one building at a time. The `account.export_ready` notification (live over
 * the socket) reloads the list once an archive is ready.
 */
export const useExportsStore = defineStore('exports', () => {
  const items = ref<DataExport[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)

  /** The export being built, if any (the server builds one at a time). */
  const building = computed(() => items.value.find((e) => e.status === 'building') ?? null)

  async function load(): Promise<void> {
    error.value = null
    try {
      items.value = await exportsApi.list()
      loaded.value = true
    } catch (e) {
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('settings.yourData.loadFailed')
    }
  }

  /** Starts a new export. One is already building: the list is reloaded to show it, and the error thrown. */
  async function start(): Promise<DataExport> {
    try {
      const started = await exportsApi.start()
      items.value = [started, ...items.value.filter((e) => e.id !== started.id)]
      return started
    } catch (e) {
      if (isApiError(e) && e.code === 'export_in_progress') void load()
      throw e
    }
  }

  function download(exp: DataExport): Promise<DownloadedFile> {
    return exportsApi.download(exp)
  }

  /** An `account.export_ready` notification, or a resync: reload the list if it is shown. */
  function refresh(): void {
    if (loaded.value) void load()
  }

  function reset(): void {
    items.value = []
    loaded.value = false
    error.value = null
  }

  return { items, loaded, error, building, load, start, download, refresh, reset }
})
