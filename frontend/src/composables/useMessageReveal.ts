import { computed, nextTick, onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'

/** How long a message jumped to stays highlighted. */
export const FLASH_MS = 2500

/**
 * The end of a jump, in the message pane: once the message asked for is
 * rendered, bring it into view, give it focus (the arrow keys go on from
 * there) and flash it for a moment. `onRevealed` runs once it is done.
 */
export function useMessageReveal(
  pane: Ref<HTMLElement | null>,
  target: MaybeRefOrGetter<string | null | undefined>,
  loadedIds: MaybeRefOrGetter<readonly string[]>,
  onRevealed: () => void,
) {
  /** The message flashing now. */
  const flashing = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined

  const ready = computed(() => {
    const id = toValue(target)
    return id && toValue(loadedIds).includes(id) ? id : null
  })

  watch(
    ready,
    async (id) => {
      if (!id) return
      await nextTick()
      const el = [...(pane.value?.querySelectorAll<HTMLElement>('[data-message-id]') ?? [])].find(
        (e) => e.dataset.messageId === id,
      )
      el?.scrollIntoView?.({ block: 'center' })
      el?.focus({ preventScroll: true })
      flashing.value = id
      clearTimeout(timer)
      timer = setTimeout(() => (flashing.value = null), FLASH_MS)
      onRevealed()
    },
    { immediate: true },
  )
  onScopeDispose(() => clearTimeout(timer))

  return { flashing }
}
