import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'

import { drawBadgedIcon, faviconBadgeText, useFaviconBadge } from '@/composables/useFaviconBadge'

/** jsdom has no 2D canvas: one that records what is drawn, and a PNG of what was written. */
function fakeCanvas() {
  const texts: string[] = []
  const ctx = {
    drawImage: vi.fn(),
    beginPath: vi.fn(),
    arc: vi.fn(),
    fill: vi.fn(),
    stroke: vi.fn(),
    fillText: vi.fn((t: string) => texts.push(t)),
  }
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D)
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => `data:image/png;base64,${texts.at(-1)}`)
  return { ctx, texts }
}

/** Images that load at once (jsdom fetches none). */
function instantImages() {
  vi.stubGlobal(
    'Image',
    class {
      onload: (() => void) | null = null
      onerror: (() => void) | null = null
      set src(_: string) {
        queueMicrotask(() => this.onload?.())
      }
    },
  )
}

describe('faviconBadgeText', () => {
  it('counts to 9, then says "9+", and nothing at 0', () => {
    expect(faviconBadgeText(0)).toBeNull()
    expect(faviconBadgeText(1)).toBe('1')
    expect(faviconBadgeText(9)).toBe('9')
    expect(faviconBadgeText(10)).toBe('9+')
    expect(faviconBadgeText(250)).toBe('9+')
  })
})

describe('drawBadgedIcon', () => {
  it('draws the icon with the count on it, as a PNG', () => {
    const { ctx, texts } = fakeCanvas()
    const icon = document.createElement('img')
    expect(drawBadgedIcon(icon, '3')).toBe('data:image/png;base64,3')
    expect(ctx.drawImage).toHaveBeenCalledWith(icon, 0, 0, 64, 64)
    expect(ctx.arc).toHaveBeenCalledOnce()
    expect(texts).toEqual(['3'])
  })

  it('gives up where there is no canvas', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    expect(drawBadgedIcon(document.createElement('img'), '3')).toBeNull()
  })
})

describe('useFaviconBadge', () => {
  let link: HTMLLinkElement

  beforeEach(() => {
    link = document.createElement('link')
    link.rel = 'icon'
    link.type = 'image/svg+xml'
    link.setAttribute('href', '/favicon.svg')
    document.head.append(link)
  })
  afterEach(() => link.remove())

  it('puts the count on the tab icon, live, and the plain icon back at 0 and when it stops', async () => {
    fakeCanvas()
    instantImages()
    const count = ref(0)
    const scope = effectScope()
    scope.run(() => useFaviconBadge(count))
    expect(link.getAttribute('href')).toBe('/favicon.svg')

    count.value = 3
    await flushPromises()
    expect(link.getAttribute('href')).toBe('data:image/png;base64,3')
    expect(link.type).toBe('image/png')

    count.value = 12
    await flushPromises()
    expect(link.getAttribute('href')).toBe('data:image/png;base64,9+')

    count.value = 0
    await flushPromises()
    expect(link.getAttribute('href')).toBe('/favicon.svg')
    expect(link.type).toBe('image/svg+xml')

    count.value = 2
    await flushPromises()
    scope.stop()
    expect(link.getAttribute('href')).toBe('/favicon.svg')
  })

  it('keeps the newest count when drawings finish out of order', async () => {
    fakeCanvas()
    instantImages()
    const count = ref(1)
    const scope = effectScope()
    scope.run(() => useFaviconBadge(count))
    count.value = 0 // before the first drawing is done
    await flushPromises()
    expect(link.getAttribute('href')).toBe('/favicon.svg')
    scope.stop()
  })
})
