import { getCurrentScope, nextTick, onScopeDispose, ref, watch, type Ref } from 'vue'

/** Within this many pixels of an edge counts as "at" it. */
export const EDGE_PX = 80

/**
 * Scrolling of a chat's message pane: knows whether the last loaded message
 * is in view, follows new messages only when the reader was at the bottom,
 * and keeps the reader's place when older messages are put above.
 * `onNearBottom` is for a window that ends before the newest message (after
 * a jump): it asks for the next newer page. When the pane itself gets
 * shorter (a banner above the chat, the composer growing), a reader at the
 * bottom stays there: the newest message never slips under the composer.
 */
export function useChatScroll(el: Ref<HTMLElement | null>, onNearTop: () => void, onNearBottom?: () => void) {
  const atBottom = ref(true)

  /** Whether the bottom is in view now, without loading anything. */
  function updateAtBottom(e: HTMLElement | null = el.value): void {
    if (e) atBottom.value = e.scrollHeight - e.scrollTop - e.clientHeight <= EDGE_PX
  }

  /** Call on scroll. */
  function measure(): void {
    const e = el.value
    if (!e) return
    updateAtBottom(e)
    if (e.scrollTop <= EDGE_PX) onNearTop()
    if (atBottom.value) onNearBottom?.()
  }

  function scrollToBottom(): void {
    const e = el.value
    if (!e) return
    e.scrollTop = e.scrollHeight
    atBottom.value = true
  }

  /**
   * Call before the messages change (in a `flush: 'pre'` watcher); the
   * promise settles once the DOM has changed and the scroll is adjusted.
   * `prepended`: older messages were added above. `live`: messages added
   * below are live ones to follow from the bottom, not a page loaded while
   * scrolling down through older history (which the reader wants to read).
   */
  async function keepPlace(prepended: boolean, live = true): Promise<void> {
    const e = el.value
    if (!e) return
    const wasAtBottom = atBottom.value
    const fromBottom = e.scrollHeight - e.scrollTop
    await nextTick()
    if (wasAtBottom && live) scrollToBottom()
    else if (prepended) e.scrollTop = e.scrollHeight - fromBottom
    // Otherwise messages arrived below while reading: stay put.
    else updateAtBottom(e)
  }

  // A resize scrolls nothing and fires no scroll event: atBottom still says where the reader was.
  if (typeof ResizeObserver !== 'undefined') {
    const observer = new ResizeObserver(() => {
      if (atBottom.value) scrollToBottom()
    })
    watch(
      el,
      (e, before) => {
        if (before) observer.unobserve(before)
        if (e) observer.observe(e)
      },
      { immediate: true },
    )
    if (getCurrentScope()) onScopeDispose(() => observer.disconnect())
  }

  return { atBottom, measure, updateAtBottom, scrollToBottom, keepPlace }
}
