import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'

import { FLASH_MS, useMessageReveal } from '@/composables/useMessageReveal'

describe('useMessageReveal', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('waits for the message to be loaded, then focuses and flashes it for a moment', async () => {
    const pane = document.createElement('div')
    pane.innerHTML = '<div data-message-id="m1" tabindex="-1"></div><div data-message-id="m2" tabindex="-1"></div>'
    document.body.append(pane)
    const target = ref<string | null>('m2')
    const loaded = ref<string[]>(['m1'])
    const revealed = vi.fn()
    const { flashing } = effectScope().run(() => useMessageReveal(ref(pane), target, loaded, revealed))!

    await nextTick()
    expect(revealed).not.toHaveBeenCalled()

    loaded.value = ['m1', 'm2']
    await nextTick()
    await nextTick()
    expect(document.activeElement).toBe(pane.children[1])
    expect(flashing.value).toBe('m2')
    expect(revealed).toHaveBeenCalledTimes(1)

    vi.advanceTimersByTime(FLASH_MS)
    expect(flashing.value).toBeNull()
    pane.remove()
  })
})
