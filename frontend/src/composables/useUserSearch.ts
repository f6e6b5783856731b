import { onScopeDispose, ref, shallowRef, watch } from 'vue'

import { friendsApi } from '@/api/friends'
import type { SearchResult } from '@/api/types'
import { USERNAME_MAX } from '@/utils/validation'

export const SEARCH_DEBOUNCE_MS = 250

/**
 * Username prefix search as you type: debounced, and a newer query cancels
 * the older request, so results never arrive out of order.
 */
export function useUserSearch(debounceMs = SEARCH_DEBOUNCE_MS) {
  const query = ref('')
  const results = shallowRef<SearchResult[]>([])
  const nextAfter = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** The prefix the results are for ('' when none were asked). */
  const searched = ref('')

  let timer: ReturnType<typeof setTimeout> | null = null
  let controller: AbortController | null = null

  function normalize(raw: string): string {
    return raw.trim().toLowerCase().slice(0, USERNAME_MAX)
  }

  async function run(prefix: string, after: string | null): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const page = await friendsApi.search(prefix, after, mine.signal)
      if (controller !== mine) return
      results.value = after ? [...results.value, ...page.items] : page.items
      nextAfter.value = page.next_after
      searched.value = prefix
    } catch (e) {
      if (controller !== mine || (e as { name?: string }).name === 'AbortError') return
      error.value = e instanceof Error ? e.message : 'Search failed.'
    } finally {
      if (controller === mine) loading.value = false
    }
  }

  function clear(): void {
    if (timer) clearTimeout(timer)
    controller?.abort()
    controller = null
    results.value = []
    nextAfter.value = null
    searched.value = ''
    loading.value = false
    error.value = null
  }

  watch(query, (raw) => {
    if (timer) clearTimeout(timer)
    const prefix = normalize(raw)
    if (!prefix) {
      clear()
      return
    }
    timer = setTimeout(() => void run(prefix, null), debounceMs)
  })

  /** The next page of the same prefix. */
  function loadMore(): Promise<void> {
    if (!nextAfter.value || !searched.value || loading.value) return Promise.resolve()
    return run(searched.value, nextAfter.value)
  }

  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    controller?.abort()
  })

  return { query, results, nextAfter, loading, error, searched, loadMore, clear }
}
