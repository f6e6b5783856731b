import { ref } from 'vue'

/** The thread a chat shows in its side panel. */
export interface ThreadTarget {
  rootId: string
  /** A reply to go to once loaded (a notification, a search result); cleared once shown. */
  reveal: string | null
  /** Opened from the thread list (its panel has a way back to it). */
  fromList: boolean
}

/**
 * Which thread a chat's side panel shows, and where the focus goes when it
 * closes: back to the control that opened it ("Reply in thread", a reply
 * count), if that is still on the page.
 */
export function useThreadTarget() {
  const target = ref<ThreadTarget | null>(null)
  let opener: HTMLElement | null = null

  function open(rootId: string, { reveal = null, fromList = false }: { reveal?: string | null; fromList?: boolean } = {}): void {
    const focused = typeof document === 'undefined' ? null : document.activeElement
    opener = focused instanceof HTMLElement && focused !== document.body ? focused : null
    target.value = { rootId, reveal, fromList }
  }

  /** The reply gone to was shown: the same one can be gone to again. */
  function revealed(): void {
    if (target.value) target.value = { ...target.value, reveal: null }
  }

  /** Gives the focus back to the opener; false when it is gone (the caller picks another place). */
  function returnFocus(): boolean {
    if (!opener?.isConnected) return false
    opener.focus()
    return true
  }

  function clear(): void {
    target.value = null
    opener = null
  }

  return { target, open, revealed, returnFocus, clear }
}
