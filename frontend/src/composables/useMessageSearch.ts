import { reactive, ref, watch } from 'vue'

import { isApiError } from '@/api/client'
import { searchApi } from '@/api/search'
import type { MessageSearchHit, MessageSearchQuery } from '@/api/types'
import { i18n } from '@/i18n'
import { sentenceCase } from '@/utils/errorText'
import { browserTimeZone } from '@/utils/notifyRules'
import { endsWithOpenOperator } from '@/utils/searchOperators'
import { charCount } from '@/utils/validation'

import { usePagedSearch } from '@/composables/usePagedSearch'

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

/**
 * The API query for these inputs: `to` is exclusive, so the last day counts
 * up to its end; `tz` is where the days of `before:`, `after:` and `on:` are.
 */
export function searchQuery(q: string, f: MessageSearchFilters, tz: string = browserTimeZone()): MessageSearchQuery {
  return {
    q,
    conversation_id: f.conversationId,
    author_id: f.authorId,
    from: dayStart(f.fromDay),
    to: dayStart(f.toDay, 1),
    tz,
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
  const search = usePagedSearch<MessageSearchHit>(async (q, before, signal) => {
    try {
      const page = await searchApi.messages({ ...searchQuery(q, filters), before }, signal)
      return { items: page.items, next: page.next_before ?? null }
    } catch (e) {
      // An operator the server cannot read ("from: needs a value"): its own words (errors.api.invalid_query is
      // about requests in general), said as such.
      if (isApiError(e) && e.code === 'invalid_query') {
        throw new Error(i18n.global.t('search.invalidQuery', { reason: sentenceCase(e.detail ?? e.message) }))
      }
      throw e
    }
  }, debounceMs)

  watch([query, filters], () => {
    const q = query.value.trim()
    if (!q) return search.clear()
    if (charCount(q) > QUERY_MAX) {
      search.clear()
      search.error.value = i18n.global.t('search.tooLong', { max: QUERY_MAX })
      return
    }
    // `from:` still being typed: the results stay until it has a value.
    if (endsWithOpenOperator(q)) return
    search.schedule(q)
  })

  const { results, next: nextBefore, loading, error, searched, loadMore, clear } = search
  return { query, filters, results, nextBefore, loading, error, searched, loadMore, clear }
}
