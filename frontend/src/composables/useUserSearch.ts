import { ref, watch } from 'vue'

import { friendsApi } from '@/api/friends'
import type { SearchResult } from '@/api/types'
import { USERNAME_MAX } from '@/utils/validation'

import { usePagedSearch } from '@/composables/usePagedSearch'

export const SEARCH_DEBOUNCE_MS = 250

/**
 * Username prefix search as you type: debounced, and a newer query cancels
 * the older request, so results never arrive out of order.
 */
export function useUserSearch(debounceMs = SEARCH_DEBOUNCE_MS) {
  const query = ref('')
  const search = usePagedSearch<SearchResult>(async (prefix, after, signal) => {
    const page = await friendsApi.search(prefix, after, signal)
    return { items: page.items, next: page.next_after }
  }, debounceMs)

  function normalize(raw: string): string {
    return raw.trim().toLowerCase().slice(0, USERNAME_MAX)
  }

  watch(query, (raw) => {
    const prefix = normalize(raw)
    if (!prefix) return search.clear()
    search.schedule(prefix)
  })

  const { results, next: nextAfter, loading, error, searched, loadMore, clear } = search
  return { query, results, nextAfter, loading, error, searched, loadMore, clear }
}
