import { computed, ref, shallowRef, type Ref } from 'vue'

import { i18n } from '@/i18n'

/** A newest-first page: `next_before` names the next, older page (null on the last). */
export interface NewestPage<T> {
  items: T[]
  next_before?: string | null
}

/**
 * A newest-first list read page by page, for the audit log and the report
 * lists: `reload()` starts from the newest (a new filter), `loadMore()`
 * appends the next older page ("Load more"). An answer to a request made
 * before the latest `reload()` is dropped.
 */
export function useNewestPages<T extends { id: string }>(fetchPage: (before: string | null) => Promise<NewestPage<T>>) {
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

  function reload(): Promise<void> {
    return fetchInto(null, false)
  }

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

  return { items, nextBefore, hasMore, loaded, loading, error, reload, loadMore, replace, remove }
}
