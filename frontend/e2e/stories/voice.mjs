/**
 * A voice message: Alice records one in the DM (Chromium's fake microphone,
 * which beeps) and sends it; Bob gets it with its waveform once the server
 * has processed it, plays it, and speeds it up.
 */
import { log, openChat, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'

/** Decoding the audio and computing its waveform happen after the upload. */
const PROCESSING_TIMEOUT = 30_000

export async function recordAndPlayVoice({ pages, users }) {
  const { alice, bob } = pages
  await openChat(alice, users.bob.name)
  await openChat(bob, users.alice.name)
  const players = (page) => log(page).locator('[data-audio-player]')
  const [mine, before] = [await players(alice).count(), await players(bob).count()]

  await alice.getByRole('button', { name: 'Record a voice message' }).click()
  const timer = alice.getByRole('timer')
  await timer.waitFor({ timeout: TIMEOUT })
  // Two seconds of the fake microphone's beeps.
  await alice.locator('[data-recording-timer]', { hasText: /^0:0[2-9]$/ }).waitFor({ timeout: TIMEOUT })
  assert(/^Recording 0:0[2-9]$/.test((await timer.getAttribute('aria-label')) ?? ''), 'the timer is not labelled "Recording m:ss"')
  await screenshot(alice, 'desktop-voice-recording')
  await alice.getByRole('button', { name: 'Send voice message' }).click()
  await alice.locator('[data-voice-recorder]').waitFor({ state: 'hidden', timeout: TIMEOUT })
  await players(alice).nth(mine).waitFor({ timeout: TIMEOUT })

  // Bob's copy shows the player at once, and the waveform once processing is done (media.updated).
  const player = players(bob).nth(before)
  await player.waitFor({ timeout: TIMEOUT })
  const waveform = player.locator('[data-waveform]')
  await waveform.waitFor({ timeout: PROCESSING_TIMEOUT })
  const heights = await waveform.locator('[data-bar]').evaluateAll((bars) => bars.map((b) => b.style.height))
  assert(heights.length === 64, `the waveform has ${heights.length} bars, not 64`)
  assert(new Set(heights).size > 1, 'every bar of the waveform is as tall as the others: the beeps do not show')

  const audio = await player.locator('audio').elementHandle()
  await player.getByRole('button', { name: 'Play audio' }).click()
  await bob.waitForFunction((a) => a.currentTime > 0.2, audio, { timeout: TIMEOUT })

  const speed = player.locator('[data-playback-speed]')
  assert((await speed.getAttribute('aria-label')) === 'Playback speed 1×', 'the speed does not start at 1×')
  await speed.click()
  await player.locator('[data-playback-speed="1.5"]').waitFor({ timeout: TIMEOUT })
  assert((await speed.getAttribute('aria-label')) === 'Playback speed 1.5×', 'the speed button does not say 1.5×')
  assert((await audio.evaluate((a) => a.playbackRate)) === 1.5, 'the audio does not play at 1.5×')
  await screenshot(bob, 'desktop-voice-message')
}
