import { afterEach, describe, expect, it, vi } from 'vitest'
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

  describe('when the pane is resized (a banner above the chat, the composer growing)', () => {
    /** A ResizeObserver the test triggers by hand (jsdom has none). */
    function stubResizeObserver() {
      const observers: Array<{ cb: () => void; els: Set<Element> }> = []
      vi.stubGlobal(
        'ResizeObserver',
        class {
          private entry: { cb: () => void; els: Set<Element> }
          constructor(cb: () => void) {
            this.entry = { cb, els: new Set() }
            observers.push(this.entry)
          }
          observe(e: Element) {
            this.entry.els.add(e)
          }
          unobserve(e: Element) {
            this.entry.els.delete(e)
          }
          disconnect() {
            this.entry.els.clear()
          }
        },
      )
      return (el: Element) => observers.filter((o) => o.els.has(el)).forEach((o) => o.cb())
    }

    /** A pane whose height can change, like one whose neighbours take room. */
    function resizable(height: number, content: number, top: number) {
      const el = document.createElement('div')
      let h = height
      Object.defineProperty(el, 'clientHeight', { get: () => h })
      Object.defineProperty(el, 'scrollHeight', { get: () => content })
      let scrollTop = top
      Object.defineProperty(el, 'scrollTop', {
        get: () => scrollTop,
        set: (v: number) => (scrollTop = Math.max(0, Math.min(v, content - h))),
      })
      return { el, setHeight: (next: number) => (h = next) }
    }

    afterEach(() => vi.unstubAllGlobals())

    it('keeps a reader at the bottom there: the newest message stays in view', () => {
      const resized = stubResizeObserver()
      const { el, setHeight } = resizable(500, 3000, 2500)
      const scroll = useChatScroll(ref(el), () => {})
      scroll.measure()
      setHeight(460)
      resized(el)
      expect(el.scrollTop).toBe(2540)
      expect(scroll.atBottom.value).toBe(true)
    })

    it('leaves a reader of older messages where they were', () => {
      const resized = stubResizeObserver()
      const { el, setHeight } = resizable(500, 3000, 1000)
      const scroll = useChatScroll(ref(el), () => {})
      scroll.measure()
      setHeight(460)
      resized(el)
      expect(el.scrollTop).toBe(1000)
    })
  })
})
