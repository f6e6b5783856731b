import { toValue, watch, type MaybeRefOrGetter } from 'vue'

import { usePageVisible } from '@/composables/useMarkRead'
import { useThreadsStore } from '@/stores/threads'

/**
 * Marks a followed thread read up to its newest reply while the reader can
 * see it: the thread panel is open, the tab is visible and the newest reply
 * is in view (the store skips threads not followed and replies read already).
 */
export function useThreadMarkRead(
  conversationId: MaybeRefOrGetter<string>,
  rootId: MaybeRefOrGetter<string>,
  newestReplyId: MaybeRefOrGetter<string | null>,
  inView: MaybeRefOrGetter<boolean>,
) {
  const threads = useThreadsStore()
  const pageVisible = usePageVisible()

  watch(
    () =>
      [
        toValue(conversationId),
        toValue(rootId),
        toValue(newestReplyId),
        toValue(inView),
        pageVisible.value,
        // Followed later (a Follow click, a reply of mine): read from then on.
        threads.stateOf(toValue(rootId))?.following,
      ] as const,
    ([conversation, root, newest, seen, visible]) => {
      if (newest && seen && visible) threads.markRead(conversation, root, newest)
    },
    { immediate: true },
  )
}
