import { nextTick, ref, type Ref } from 'vue'

/** Within this many pixels of an edge counts as "at" it. */
export const EDGE_PX = 80

/**
 * Scrolling of a chat's message pane: knows whether the newest message is in
 * view, follows new messages only when the reader was at the bottom, and
 * keeps the reader's place when older messages are put above.
 */
export function useChatScroll(el: Ref<HTMLElement | null>, onNearTop: () => void) {
  const atBottom = ref(true)

  /** Call on scroll. */
  function measure(): void {
    const e = el.value
    if (!e) return
    atBottom.value = e.scrollHeight - e.scrollTop - e.clientHeight <= EDGE_PX
    if (e.scrollTop <= EDGE_PX) onNearTop()
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
   * `prepended`: older messages were added above.
   */
  async function keepPlace(prepended: boolean): Promise<void> {
    const e = el.value
    if (!e) return
    const wasAtBottom = atBottom.value
    const fromBottom = e.scrollHeight - e.scrollTop
    await nextTick()
    if (wasAtBottom) scrollToBottom()
    else if (prepended) e.scrollTop = e.scrollHeight - fromBottom
    // Otherwise new messages arrived below while reading: stay put.
  }

  return { atBottom, measure, scrollToBottom, keepPlace }
}
