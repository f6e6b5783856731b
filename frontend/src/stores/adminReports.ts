import { defineStore } from 'pinia'
import { ref } from 'vue'

import { adminApi, type AdminReport, type ReportState } from '@/api/admin'
import { useCursorList } from '@/composables/useCursorList'

/**
 * The site's report queue (messages in DMs, and users), by state: settling
 * one (actioned or dismissed, with an outcome the reporter reads), and
 * disabling the reported account from it.
 */
export const useAdminReportsStore = defineStore('adminReports', () => {
  /** null: every state. */
  const state = ref<ReportState | null>('open')
  const list = useCursorList<AdminReport>((before) => adminApi.reports({ state: state.value, before }))

  function load(): Promise<void> {
    return list.reload()
  }

  /** Settles the report; it stays in view with its new state until the list is loaded again. */
  async function resolve(id: string, how: 'actioned' | 'dismissed', outcome: string): Promise<AdminReport> {
    const text = outcome.trim()
    const settled = await adminApi.resolve(id, { state: how, outcome: text || null })
    list.replace(settled)
    return settled
  }

  /** Disables the account a report is about (the report stays open until settled). */
  async function disableTarget(report: AdminReport, reason: string): Promise<void> {
    if (!report.target) return
    await adminApi.disable(report.target.id, reason.trim())
  }

  function reset(): void {
    list.reset()
    state.value = 'open'
  }

  return {
    state,
    items: list.items,
    hasMore: list.hasMore,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    load,
    loadMore: list.loadMore,
    resolve,
    disableTarget,
    reset,
  }
})
