import { describe, expect, it, vi } from 'vitest'

import { DESKTOP_QUERY, focusComposerOnOpen } from '@/utils/device'

/** A window whose media queries match exactly the ones given. */
function screen(matching: (query: string) => boolean) {
  const matchMedia = vi.fn((query: string) => ({ matches: matching(query), media: query }) as MediaQueryList)
  return { matchMedia }
}

/** Evaluates the two features of DESKTOP_QUERY for a device. */
function device(pointer: 'fine' | 'coarse', width: number) {
  return screen((q) => {
    const wantsFine = q.includes('(pointer: fine)')
    const minWidth = /\(min-width: (\d+)px\)/.exec(q)
    return (!wantsFine || pointer === 'fine') && (!minWidth || width >= Number(minWidth[1]))
  })
}

describe('focusComposerOnOpen', () => {
  it('focuses on desktop: a precise pointer and a wide screen', () => {
    const win = device('fine', 1280)
    expect(focusComposerOnOpen(win)).toBe(true)
    expect(win.matchMedia).toHaveBeenCalledWith(DESKTOP_QUERY)
    expect(focusComposerOnOpen(device('fine', 768))).toBe(true)
  })

  it('does not on a phone or a tablet (it would pop the keyboard), nor in a narrow window', () => {
    expect(focusComposerOnOpen(device('coarse', 390))).toBe(false)
    expect(focusComposerOnOpen(device('coarse', 1024))).toBe(false)
    expect(focusComposerOnOpen(device('fine', 767))).toBe(false)
  })

  it('does not without matchMedia', () => {
    expect(focusComposerOnOpen({} as Pick<Window, 'matchMedia'>)).toBe(false)
    expect(focusComposerOnOpen()).toBe(false) // jsdom's window has none
  })
})
