import { onScopeDispose, ref, shallowRef } from 'vue'

import { i18n } from '@/i18n'

/** One page of a cursor-paged search. */
export interface SearchPageOf<T> {
  items: T[]
  /** The cursor to the next page; null on the last. */
  next: string | null
}

/**
 * What every search-as-you-type shares: debounced, a newer search cancels the
 * one in flight (answers never arrive out of order), and it pages on with the
 * cursor the last page gave. The caller decides what a query is and when to run.
 */
export function usePagedSearch<T>(
  fetchPage: (q: string, cursor: string | null, signal: AbortSignal) => Promise<SearchPageOf<T>>,
  debounceMs: number,
) {
  const results = shallowRef<T[]>([])
  const next = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** What the results are for ('' before any search). */
  const searched = ref('')

  let timer: ReturnType<typeof setTimeout> | null = null
  let controller: AbortController | null = null

  async function run(q: string, cursor: string | null): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(q, cursor, mine.signal)
      if (controller !== mine) return
      results.value = cursor ? [...results.value, ...page.items] : page.items
      next.value = page.next
      searched.value = q
    } catch (e) {
      if (controller !== mine || (e as { name?: string }).name === 'AbortError') return
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('errors.generic')
    } finally {
      if (controller === mine) loading.value = false
    }
  }

  function clear(): void {
    if (timer) clearTimeout(timer)
    controller?.abort()
    controller = null
    results.value = []
    next.value = null
    searched.value = ''
    loading.value = false
    error.value = null
  }

  /** Runs `q` from its first page once typing pauses. */
  function schedule(q: string): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void run(q, null), debounceMs)
  }

  /** The next page of the same search. */
  function loadMore(): Promise<void> {
    if (!next.value || !searched.value || loading.value) return Promise.resolve()
    return run(searched.value, next.value)
  }

  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    controller?.abort()
  })

  return { results, next, loading, error, searched, clear, schedule, loadMore }
}
