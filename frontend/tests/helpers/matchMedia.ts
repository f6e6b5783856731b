import { vi } from 'vitest'

/** A controllable `prefers-color-scheme: dark` media query. */
export function mockColorScheme(initialDark: boolean) {
  const listeners = new Set<(e: MediaQueryListEvent) => void>()
  const mql = {
    matches: initialDark,
    media: '(prefers-color-scheme: dark)',
    addEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: MediaQueryListEvent) => void) => listeners.delete(l),
  }
  vi.stubGlobal(
    'matchMedia',
    vi.fn(() => mql),
  )
  return {
    setDark(dark: boolean) {
      mql.matches = dark
      for (const l of listeners) l({ matches: dark } as MediaQueryListEvent)
    },
  }
}
