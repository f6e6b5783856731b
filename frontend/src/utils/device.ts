/**
 * Desktop input: a precise pointer (mouse, trackpad) on a screen at least as
 * wide as the desktop layout (Tailwind's `md`, 768 px). Phones and tablets
 * (coarse pointer) show an on-screen keyboard when a field takes focus.
 */
export const DESKTOP_QUERY = '(pointer: fine) and (min-width: 768px)'

/**
 * Whether opening a chat should put the caret in its composer: on desktop
 * yes, on a phone no (it would pop the keyboard over the messages). No
 * `matchMedia` (an old browser, tests) counts as a phone.
 */
export function focusComposerOnOpen(win: Pick<Window, 'matchMedia'> | undefined = globalThis.window): boolean {
  return typeof win?.matchMedia === 'function' && win.matchMedia(DESKTOP_QUERY).matches
}

/** An Apple device: shortcuts say ⌘ where others say Ctrl. */
export function isApple(nav: Pick<Navigator, 'platform'> | undefined = globalThis.navigator): boolean {
  const hinted = (nav as { userAgentData?: { platform?: string } } | undefined)?.userAgentData?.platform
  return /mac|iphone|ipad|ipod/i.test(hinted ?? nav?.platform ?? '')
}

/** A key as shown in shortcut help: `Mod` is ⌘ on Apple devices, Ctrl elsewhere. */
export function keyLabel(key: string, apple: boolean = isApple()): string {
  return key === 'Mod' ? (apple ? '⌘' : 'Ctrl') : key
}
