import { computed, ref, shallowRef, type Ref } from 'vue'

import type { CursorPage } from '@/api/admin'
import { i18n } from '@/i18n'

/**
 * A newest-first list read page by page (the admin lists, the audit log,
 * the report lists; `before` = the last page's `next_before`): `reload()` starts again from the newest (a new filter),
 * `loadMore()` appends the next page. An answer to a request made before the
 * latest `reload()` is dropped, so typing fast in a search box never shows
 * the results of an older query.
 */
export function useCursorList<T extends { id: string }>(fetchPage: (before: string | null) => Promise<CursorPage<T>>) {
  const items: Ref<T[]> = shallowRef([])
  const nextBefore = ref<string | null>(null)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let generation = 0

  const hasMore = computed(() => nextBefore.value !== null)

  async function fetchInto(before: string | null, append: boolean): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(before)
      if (mine !== generation) return
      const seen = new Set(append ? items.value.map((i) => i.id) : [])
      const fresh = page.items.filter((i) => !seen.has(i.id))
      items.value = append ? [...items.value, ...fresh] : page.items
      nextBefore.value = page.next_before ?? null
      loaded.value = true
    } catch (e) {
      if (mine !== generation) return
      error.value = e instanceof Error && e.message ? e.message : i18n.global.t('errors.generic')
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** The newest page again (after a change of filter). */
  function reload(): Promise<void> {
    return fetchInto(null, false)
  }

  /** The next, older page, appended. */
  function loadMore(): Promise<void> {
    if (!nextBefore.value || loading.value) return Promise.resolve()
    return fetchInto(nextBefore.value, true)
  }

  /** Puts a changed row in place (after an action on it). */
  function replace(item: T): void {
    items.value = items.value.map((i) => (i.id === item.id ? item : i))
  }

  function remove(id: string): void {
    items.value = items.value.filter((i) => i.id !== id)
  }

  function reset(): void {
    generation++
    items.value = []
    nextBefore.value = null
    loaded.value = false
    loading.value = false
    error.value = null
  }

  return { items, nextBefore, hasMore, loaded, loading, error, reload, loadMore, replace, remove, reset }
}
