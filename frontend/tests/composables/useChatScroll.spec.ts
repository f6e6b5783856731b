import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'

import { useChatScroll } from '@/composables/useChatScroll'

/** A scroll pane whose content height the test sets (jsdom has no layout). */
function pane(height: number, content: number, top: number) {
  const el = document.createElement('div')
  let scrollHeight = content
  Object.defineProperty(el, 'clientHeight', { get: () => height })
  Object.defineProperty(el, 'scrollHeight', { get: () => scrollHeight })
  let scrollTop = top
  Object.defineProperty(el, 'scrollTop', {
    get: () => scrollTop,
    set: (v: number) => (scrollTop = Math.max(0, Math.min(v, scrollHeight - height))),
  })
  return { el, grow: (by: number) => (scrollHeight += by) }
}

describe('useChatScroll', () => {
  it('knows when the newest message is in view, and asks for older ones near the top', () => {
    const { el } = pane(500, 3000, 2500)
    const onNearTop = vi.fn()
    const scroll = useChatScroll(ref(el), onNearTop)

    scroll.measure()
    expect(scroll.atBottom.value).toBe(true)
    expect(onNearTop).not.toHaveBeenCalled()

    el.scrollTop = 1000
    scroll.measure()
    expect(scroll.atBottom.value).toBe(false)

    el.scrollTop = 40
    scroll.measure()
    expect(onNearTop).toHaveBeenCalledTimes(1)
  })

  it('follows new messages when at the bottom', async () => {
    const { el, grow } = pane(500, 3000, 2500)
    const scroll = useChatScroll(ref(el), () => {})
    scroll.measure()
    const done = scroll.keepPlace(false)
    grow(200)
    await done
    expect(el.scrollTop).toBe(2700)
  })

  it('stays put when new messages arrive while reading older ones', async () => {
    const { el, grow } = pane(500, 3000, 1000)
    const scroll = useChatScroll(ref(el), () => {})
    scroll.measure()
    const done = scroll.keepPlace(false)
    grow(200)
    await done
    expect(el.scrollTop).toBe(1000)
  })

  it('keeps the same messages in view when older ones are put above', async () => {
    const { el, grow } = pane(500, 3000, 30)
    const scroll = useChatScroll(ref(el), () => {})
    scroll.measure()
    const done = scroll.keepPlace(true)
    grow(1500)
    await done
    expect(el.scrollTop).toBe(1530)
  })
})

describe('useChatScroll in a window that ends before the newest message', () => {
  it('asks for newer messages near the bottom, and stays put when they come', async () => {
    const { el, grow } = pane(500, 3000, 2500)
    const onNearBottom = vi.fn()
    const scroll = useChatScroll(ref(el), () => {}, onNearBottom)
    scroll.measure()
    expect(onNearBottom).toHaveBeenCalledTimes(1)

    const done = scroll.keepPlace(false, false)
    grow(2000)
    await done
    // The page loaded below is there to be read: no jump to its end.
    expect(el.scrollTop).toBe(2500)
    expect(scroll.atBottom.value).toBe(false)
  })
})
