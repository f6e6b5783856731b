/**
 * The app's PNG icons (public/icons), drawn from public/favicon.svg by
 * Debian's Chromium (playwright-core): 192 and 512 px as the favicon is
 * (rounded corners, transparent outside), a maskable 512 px one that fills
 * its square (the glyph stays inside the central safe circle), and a 180 px
 * square one for iOS home screens. Run again after the logo changes:
 *   node scripts/make-icons.mjs
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'

const publicDir = fileURLToPath(new URL('../public/', import.meta.url))
const favicon = readFileSync(`${publicDir}favicon.svg`, 'utf8')
/** The same drawing without the rounded corners: a maskable icon fills its square. */
const square = favicon.replace(/ rx="[^"]*"/, '')
if (square === favicon) throw new Error('favicon.svg has no rounded rect (rx) to square off')

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: favicon },
  { file: 'icon-512.png', size: 512, svg: favicon },
  { file: 'icon-maskable-512.png', size: 512, svg: square },
  { file: 'apple-touch-icon.png', size: 180, svg: square },
]

const browser = await chromium.launch({
  executablePath: process.env.CONFAB_E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  for (const { file, size, svg } of ICONS) {
    await page.setViewportSize({ width: size, height: size })
    const sized = svg.replace(/<svg /, `<svg style="display:block;width:${size}px;height:${size}px" `)
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`)
    await page.screenshot({ path: `${publicDir}icons/${file}`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
    process.stdout.write(`public/icons/${file} (${size}×${size})\n`)
  }
} finally {
  await browser.close()
}
