import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { adminApi, type InstanceStats } from '@/api/admin'
import { i18n } from '@/i18n'

/** The instance at a glance (`GET /admin/stats`), read each time the overview opens. */
export const useAdminStatsStore = defineStore('adminStats', () => {
  const stats = ref<InstanceStats | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  /** The busiest day's count (at least 1): the bar chart's full height. */
  const busiestDay = computed(() => Math.max(1, ...(stats.value?.messages_per_day ?? []).map((d) => d.messages)))

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      stats.value = await adminApi.stats()
    } catch (e) {
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('errors.generic')
    } finally {
      loading.value = false
    }
  }

  function reset(): void {
    stats.value = null
    loading.value = false
    error.value = null
  }

  return { stats, loading, error, busiestDay, load, reset }
})
