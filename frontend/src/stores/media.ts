import { defineStore } from 'pinia'
import { ref } from 'vue'

import type { Media } from '@/api/types'

/**
 * The newest state of uploads: a message carries its attachments as they were
 * when it was sent (an image may still be `processing`); `media.updated` tells
 * the uploader and everyone who sees it in a conversation when processing is done. Screens show `fresh(m)`.
 */
export const useMediaStore = defineStore('media', () => {
  const byId = ref<Record<string, Media>>({})

  function apply(m: Media): void {
    const held = byId.value[m.id]
    // A finished state is never replaced by an older `processing` copy.
    if (held && held.status !== 'processing' && m.status === 'processing') return
    byId.value[m.id] = m
  }

  function fresh(m: Media): Media {
    const held = byId.value[m.id]
    if (!held) return m
    return held.status === 'processing' && m.status !== 'processing' ? m : held
  }

  function reset(): void {
    byId.value = {}
  }

  return { byId, apply, fresh, reset }
})
