import { computed, ref, type MaybeRefOrGetter, toValue } from 'vue'

import { arrowStep } from '@/utils/readingDirection'

/**
 * Which item of a list a viewer shows, with keyboard moves: Escape closes,
 * the arrows go to the previous and next item in reading direction (→ is
 * next, but ← in a right-to-left language, whose layout is mirrored).
 */
export function useGallery<T>(items: MaybeRefOrGetter<readonly T[]>) {
  const index = ref<number | null>(null)

  const current = computed(() => (index.value === null ? null : (toValue(items)[index.value] ?? null)))
  const hasPrev = computed(() => index.value !== null && index.value > 0)
  const hasNext = computed(() => index.value !== null && index.value < toValue(items).length - 1)

  function open(i: number): void {
    if (i >= 0 && i < toValue(items).length) index.value = i
  }
  function close(): void {
    index.value = null
  }
  function prev(): void {
    if (hasPrev.value) index.value! -= 1
  }
  function next(): void {
    if (hasNext.value) index.value! += 1
  }

  /** For the viewer's keydown; true when the key was used. */
  function onKey(e: KeyboardEvent): boolean {
    if (index.value === null) return false
    const step = arrowStep(e.key)
    if (e.key === 'Escape') close()
    else if (step === -1) prev()
    else if (step === 1) next()
    else return false
    e.preventDefault()
    return true
  }

  return { index, current, hasPrev, hasNext, open, close, prev, next, onKey }
}
