import { onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'

import { searchApi } from '@/api/search'
import type { MessageSearchHit, MessageSearchQuery } from '@/api/types'
import { charCount } from '@/utils/validation'

export const MESSAGE_SEARCH_DEBOUNCE_MS = 300
/** The API's bounds on `q`. */
export const QUERY_MAX = 200
export const RESULTS_PAGE = 20

/** Narrowing a search: a conversation, an author, and days (`YYYY-MM-DD`, inclusive). */
export interface MessageSearchFilters {
  conversationId: string | null
  authorId: string | null
  fromDay: string
  toDay: string
}

/** Local midnight of a `YYYY-MM-DD` day, `plusDays` later, as RFC 3339; null when not a day. */
function dayStart(day: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return null
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString()
}

/** The API query for these inputs: `to` is exclusive, so the last day counts up to its end. */
export function searchQuery(q: string, f: MessageSearchFilters): MessageSearchQuery {
  return {
    q,
    conversation_id: f.conversationId,
    author_id: f.authorId,
    from: dayStart(f.fromDay),
    to: dayStart(f.toDay, 1),
    limit: RESULTS_PAGE,
  }
}

/**
 * Message search as you type: debounced, a newer search cancels the one in
 * flight (answers never arrive out of order), and pages on with `next_before`.
 */
export function useMessageSearch(initial: Partial<MessageSearchFilters> = {}, debounceMs = MESSAGE_SEARCH_DEBOUNCE_MS) {
  const query = ref('')
  const filters = reactive<MessageSearchFilters>({ conversationId: null, authorId: null, fromDay: '', toDay: '', ...initial })
  const results = shallowRef<MessageSearchHit[]>([])
  const nextBefore = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** The words the results are for ('' before any search). */
  const searched = ref('')

  let timer: ReturnType<typeof setTimeout> | null = null
  let controller: AbortController | null = null

  async function run(q: string, before: string | null): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const page = await searchApi.messages({ ...searchQuery(q, filters), before }, mine.signal)
      if (controller !== mine) return
      results.value = before ? [...results.value, ...page.items] : page.items
      nextBefore.value = page.next_before
      searched.value = q
    } catch (e) {
      if (controller !== mine || (e as { name?: string }).name === 'AbortError') return
      error.value = e instanceof Error && e.message ? e.message : 'Search failed.'
    } finally {
      if (controller === mine) loading.value = false
    }
  }

  function clear(): void {
    if (timer) clearTimeout(timer)
    controller?.abort()
    controller = null
    results.value = []
    nextBefore.value = null
    searched.value = ''
    loading.value = false
    error.value = null
  }

  watch([query, filters], () => {
    if (timer) clearTimeout(timer)
    const q = query.value.trim()
    if (!q) return clear()
    if (charCount(q) > QUERY_MAX) {
      clear()
      error.value = `Searches are at most ${QUERY_MAX} characters.`
      return
    }
    timer = setTimeout(() => void run(q, null), debounceMs)
  })

  /** The next (older) page of the same search. */
  function loadMore(): Promise<void> {
    if (!nextBefore.value || !searched.value || loading.value) return Promise.resolve()
    return run(searched.value, nextBefore.value)
  }

  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
    controller?.abort()
  })

  return { query, filters, results, nextBefore, loading, error, searched, loadMore, clear }
}
