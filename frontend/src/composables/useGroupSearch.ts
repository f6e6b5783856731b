import { onScopeDispose, ref, shallowRef, watch } from 'vue'

import { groupsApi } from '@/api/groups'
import type { GroupSearchResult } from '@/api/types'
import { i18n } from '@/i18n'

export const GROUP_SEARCH_DEBOUNCE_MS = 250

/**
 * Public groups by handle or name prefix (an empty query lists them all,
 * newest first): debounced, newest answer wins, paged with `before`.
 */
export function useGroupSearch(debounceMs = GROUP_SEARCH_DEBOUNCE_MS) {
  const query = ref('')
  const results = shallowRef<GroupSearchResult[]>([])
  const nextBefore = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const searched = ref<string | null>(null)

  let timer: ReturnType<typeof setTimeout> | null = null
  let latest = 0

  async function run(q: string, before: string | null): Promise<void> {
    const mine = ++latest
    loading.value = true
    error.value = null
    try {
      const page = await groupsApi.search(q, before)
      if (mine !== latest) return
      const items = page?.items ?? []
      results.value = before ? [...results.value, ...items] : items
      nextBefore.value = page?.next_before ?? null
      searched.value = q
    } catch (e) {
      if (mine === latest) error.value = e instanceof Error ? e.message : i18n.global.t('groups.directory.searchFailed')
    } finally {
      if (mine === latest) loading.value = false
    }
  }

  function normalize(raw: string): string {
    return raw.trim().replace(/^@/, '').slice(0, 64)
  }

  watch(query, (raw) => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void run(normalize(raw), null), debounceMs)
  })

  /** Runs the current query now (the first listing, or after a join). */
  function refresh(): Promise<void> {
    if (timer) clearTimeout(timer)
    return run(normalize(query.value), null)
  }

  function loadMore(): Promise<void> {
    if (!nextBefore.value || searched.value === null || loading.value) return Promise.resolve()
    return run(searched.value, nextBefore.value)
  }

  /** A group we joined shows as joined without searching again. */
  function markJoined(groupId: string): void {
    results.value = results.value.map((g) => (g.id === groupId ? { ...g, joined: true, member_count: g.member_count + 1 } : g))
  }

  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    latest++
  })

  return { query, results, nextBefore, loading, error, searched, refresh, loadMore, markJoined }
}
