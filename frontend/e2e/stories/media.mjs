/** An image attached in the composer, shown as a thumbnail on both sides, opened in the viewer. */
import { log, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'
import { makePng } from '../lib/png.mjs'

export async function uploadAndViewImage({ pages }) {
  const { alice, bob } = pages
  await alice.locator('[data-attach-input]').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: makePng() })
  await alice.locator('[data-draft]').getByText('Uploaded').waitFor({ timeout: TIMEOUT })
  await alice.locator('#composer').fill('A picture')
  await alice.locator('#composer').press('Enter')

  const thumb = log(bob).locator('[data-attachment-image] img').last()
  await thumb.waitFor({ timeout: TIMEOUT })
  // Loaded with the token in the URL: a broken image has no natural width.
  await bob.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle(), { timeout: TIMEOUT })
  await log(alice).locator('[data-attachment-image]').last().waitFor({ timeout: TIMEOUT })

  await log(bob).locator('[data-attachment-image]').last().click()
  const viewer = bob.getByRole('dialog', { name: /Image 1 of 1/ })
  await viewer.waitFor({ timeout: TIMEOUT })
  const full = viewer.locator('img')
  await bob.waitForFunction((img) => img.complete && img.naturalWidth === 96, await full.elementHandle(), { timeout: TIMEOUT })
  await bob.waitForTimeout(400) // the modal's opening transition
  await screenshot(bob, 'desktop-image-viewer')
  await bob.keyboard.press('Escape')
  await viewer.waitFor({ state: 'hidden', timeout: TIMEOUT })
  assert((await log(bob).getByText('A picture', { exact: true }).count()) === 1, 'the caption shows once')
}
