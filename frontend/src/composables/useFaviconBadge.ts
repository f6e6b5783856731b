import { onScopeDispose, toValue, watch, type MaybeRefOrGetter } from 'vue'

/** What the badge reads: the count up to 9, then "9+" (a 16 px icon has room for no more); null at 0. */
export function faviconBadgeText(n: number): string | null {
  if (n <= 0) return null
  return n > 9 ? '9+' : String(n)
}

/** The badge's red: DaisyUI's light `error` (see style.css), which white text reads well on. */
const BADGE_FILL = '#c81e1e'

/**
 * The icon with a red disc and `text` in its top-right corner, drawn on a
 * `size` px canvas; a PNG data URL, or null where there is no 2D canvas.
 */
export function drawBadgedIcon(icon: CanvasImageSource, text: string, size = 64): string | null {
  const canvas = document.createElement('canvas')
  canvas.width = size
  canvas.height = size
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.drawImage(icon, 0, 0, size, size)
  const r = size * (text.length > 1 ? 0.36 : 0.3)
  const cx = size - r
  const cy = r
  ctx.beginPath()
  ctx.arc(cx, cy, r, 0, 2 * Math.PI)
  ctx.fillStyle = BADGE_FILL
  ctx.fill()
  ctx.lineWidth = size * 0.05
  ctx.strokeStyle = '#ffffff'
  ctx.stroke()
  ctx.fillStyle = '#ffffff'
  ctx.font = `bold ${Math.round(r * 1.3)}px sans-serif`
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.fillText(text, cx, cy + size * 0.02)
  return canvas.toDataURL('image/png')
}

function loadImage(src: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => resolve(null)
    img.src = src
  })
}

/**
 * Draws `count` on the tab's icon (`<link rel="icon">`), kept live; the plain
 * icon comes back at 0 and when the scope ends (log out). Where the icon
 * cannot be drawn (no canvas) the plain one stays: the title still says it.
 */
export function useFaviconBadge(count: MaybeRefOrGetter<number>) {
  const link = typeof document === 'undefined' ? null : document.querySelector<HTMLLinkElement>('link[rel~="icon"]')
  if (!link) return
  const plain = { href: link.getAttribute('href') ?? '', type: link.getAttribute('type') }
  let icon: Promise<HTMLImageElement | null> | null = null
  /** Each change bumps it: a drawing finished after a newer change is dropped. */
  let generation = 0

  function restore(): void {
    link!.setAttribute('href', plain.href)
    if (plain.type) link!.setAttribute('type', plain.type)
  }

  async function apply(n: number): Promise<void> {
    const mine = ++generation
    const text = faviconBadgeText(n)
    if (!text) return restore()
    icon ??= loadImage(new URL(plain.href, document.baseURI).href)
    const img = await icon
    if (mine !== generation || !img) return
    const url = drawBadgedIcon(img, text)
    if (!url) return
    link!.setAttribute('type', 'image/png')
    link!.setAttribute('href', url)
  }

  watch(() => toValue(count), (n) => void apply(n), { immediate: true })
  onScopeDispose(() => {
    generation++
    restore()
  })
}
