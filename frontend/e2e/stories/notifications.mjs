/**
 * Notifications (#20): a chat's level and mute from the header's bell, the
 * sound and desktop notification they allow, the web app manifest, the app
 * shell offline from the service worker, and a push shown by it.
 *
 * How sounds and notifications are seen here:
 * - the chime (src/utils/chime.ts) makes one WebAudio oscillator per sound,
 *   so the page's `AudioContext.prototype.createOscillator` is wrapped to
 *   count them (`window.__chimes`); headless Chromium plays nothing anyway.
 * - a hidden tab is pretended: `document.visibilityState` and `hidden` are
 *   overridden and `visibilitychange` dispatched (headless tabs are always
 *   shown); desktop notifications go through the service worker's
 *   `registration.showNotification`, read back with `getNotifications()`.
 * - a push is delivered to the service worker with CDP
 *   (`ServiceWorker.deliverPushMessage`). CDP cannot click a notification,
 *   so the story dispatches a `notificationclick` event with it inside the
 *   worker, which its own handler runs; the handler itself
 *   is covered by tests/sw/serviceWorker.spec.ts.
 * - a real `pushManager.subscribe` needs Google's push service, out of reach
 *   here: the Settings switch is expected to say so and stay off.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { chromium } from 'playwright-core'

import { chatRow, log, openChat, openSection, send, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'

const DESKTOP = { width: 1280, height: 800 }
/** Longer than the app's gap between two chimes (SOUND_GAP_MS) and its wait in a hidden tab. */
const SETTLE_MS = 2_500

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Counts chimes from now on (see the top of this file). */
function countChimes() {
  const proto = window.AudioContext.prototype
  if (!proto.__confabCounted) {
    const create = proto.createOscillator
    proto.createOscillator = function (...args) {
      window.__chimes = (window.__chimes ?? 0) + 1
      return create.apply(this, args)
    }
    proto.__confabCounted = true
  }
  window.__chimes = 0
}

const chimes = (page) => page.evaluate(() => window.__chimes ?? 0)

/** Pretends the tab is hidden (or shown again) and tells the app, as the browser would. */
function pretendHidden(hidden) {
  if (hidden) {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    Object.defineProperty(document, 'hidden', { value: true, configurable: true })
  } else {
    delete document.visibilityState
    delete document.hidden
  }
  document.dispatchEvent(new Event('visibilitychange'))
}

/** The service worker's notifications showing now, as plain data. */
function shownNotifications() {
  return navigator.serviceWorker.ready.then((reg) =>
    reg.getNotifications().then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }))),
  )
}

async function waitFor(what, check, timeout = TIMEOUT) {
  const until = Date.now() + timeout
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

async function waitForChimes(page, n) {
  await waitFor(`${n} chime(s)`, async () => (await chimes(page)) === n).catch(async (e) => {
    throw new Error(`${e.message}; counted ${await chimes(page)}`)
  })
}

/** The chat header's bell, whatever it says. */
function bell(page) {
  return page.locator('[data-notify-toggle]')
}

/** Saves a change from the bell's menu, waiting for the server's answer. */
async function saveFromMenu(page, click) {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/notifications') && r.request().method() === 'PUT' && r.ok()),
    click(),
  ])
}

export async function mutedChatStaysQuiet({ pages, contexts, users }) {
  const { alice, bob } = pages
  await bob.setViewportSize(DESKTOP)
  await contexts.bob.grantPermissions(['notifications'], { origin: env.baseUrl })
  await openChat(alice, users.bob.name)
  await openSection(bob, 'Chats')
  await bob.evaluate(countChimes)
  const row = chatRow(bob, users.alice.name)

  // Not muted: a message in a chat that is not on screen chimes (once the
  // last story's chimes are further back than the app's gap between two).
  await sleep(SETTLE_MS)
  await send(alice, 'First ding')
  await row.getByText('First ding').waitFor({ timeout: TIMEOUT })
  await waitForChimes(bob, 1)

  // Muted for an hour from the bell.
  await openChat(bob, users.alice.name)
  await bell(bob).click()
  await saveFromMenu(bob, () => bob.getByRole('button', { name: 'Mute for 1 hour' }).click())
  await bob.getByRole('button', { name: 'Notifications (muted)' }).waitFor({ timeout: TIMEOUT })
  await openSection(bob, 'Chats')
  await row.locator('[data-muted-icon]').waitFor({ timeout: TIMEOUT })

  await sleep(SETTLE_MS)
  await send(alice, 'Quiet please')
  await send(alice, `@${users.bob.username} even a mention`)
  await row.getByText('even a mention').waitFor({ timeout: TIMEOUT })
  // Its unread is a quiet dot, counted neither in the title nor on the navigation.
  await row.locator('[data-quiet-unread]').waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-chat-list-muted')
  await sleep(SETTLE_MS)
  assert((await chimes(bob)) === 1, `a muted chat chimed (${await chimes(bob)} chimes)`)
  const title = await bob.title()
  assert(!/^\(\d+\)/.test(title), `the title counts a muted chat: “${title}”`)

  // Unmuted, at “Mentions only”: a plain message is quiet, a mention chimes.
  await openChat(bob, users.alice.name)
  await bell(bob).click()
  await saveFromMenu(bob, () => bob.getByRole('button', { name: 'Unmute' }).click())
  await bell(bob).click()
  await saveFromMenu(bob, () => bob.getByRole('radio', { name: 'Mentions only' }).check())
  await screenshot(bob, 'desktop-chat-notification-menu')
  await bob.keyboard.press('Escape')
  await openSection(bob, 'Chats')
  await row.locator('[data-muted-icon]').waitFor({ state: 'detached', timeout: TIMEOUT })

  await send(alice, 'Only chatting')
  await row.getByText('Only chatting').waitFor({ timeout: TIMEOUT })
  await sleep(SETTLE_MS)
  assert((await chimes(bob)) === 1, `a plain message chimed at “Mentions only” (${await chimes(bob)} chimes)`)
  await send(alice, `@${users.bob.username} are you there?`)
  await waitForChimes(bob, 2)

  // A hidden tab (no push on this device, notifications allowed): a desktop notification too.
  await bob.evaluate(pretendHidden, true)
  await sleep(SETTLE_MS)
  await send(alice, `@${users.bob.username} look at this`)
  await waitForChimes(bob, 3)
  const note = await waitFor('the desktop notification', async () =>
    (await bob.evaluate(shownNotifications)).find((n) => n.title === users.alice.name),
  )
  assert(note.body === 'Mentioned you', `the notification says “${note.body}” (previews are off)`)
  assert(/^conversation:/.test(note.tag) && /^\/chats\/[^/]+\?message=/.test(note.data.url), JSON.stringify(note))
  await bob.evaluate(pretendHidden, false)

  // Back to every message, for the stories after.
  await openChat(bob, users.alice.name)
  await bell(bob).click()
  await saveFromMenu(bob, () => bob.getByRole('radio', { name: 'All messages' }).check())
  await bob.keyboard.press('Escape')
}

/**
 * Chromium's own check that the app can be installed: the manifest, its
 * icons, a service worker in control. In a profile of its own: the stories'
 * contexts are incognito ones, where Chromium installs nothing
 * (`in-incognito`).
 */
export async function installable() {
  const profile = mkdtempSync(path.join(tmpdir(), 'confab-install-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CONFAB_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: DESKTOP,
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(`${env.baseUrl}/login`)
    await page.evaluate(() => navigator.serviceWorker.ready)
    await page.reload()
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: TIMEOUT })
    const cdp = await context.newCDPSession(page)
    const manifest = await cdp.send('Page.getAppManifest')
    assert(manifest.errors.length === 0, `manifest errors: ${JSON.stringify(manifest.errors)}`)
    assert(/\/manifest\.webmanifest$/.test(manifest.url), `no manifest linked (${manifest.url})`)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    assert(installabilityErrors.length === 0, `not installable: ${JSON.stringify(installabilityErrors)}`)
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

export async function offlineShell({ pages, contexts }) {
  const page = pages.alice
  await openSection(page, 'Chats')
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: TIMEOUT })
  const banner = page.getByText('You are offline. Waiting for the network…')
  // Frames of the sockets opened from now on (the one of the reload fails while offline).
  const sent = []
  const refused = []
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => sent.push(String(f.payload)))
    ws.on('framereceived', (f) => String(f.payload).includes('"op":"error"') && refused.push(String(f.payload)))
  })
  try {
    // The banner follows the browser's offline event at once (not a missed heartbeat, 20 s and more).
    await contexts.alice.setOffline(true)
    await banner.waitFor({ timeout: 2_000 })

    const response = await page.reload()
    assert(response?.fromServiceWorker(), 'the page did not come from the service worker')
    await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: TIMEOUT })
    await banner.waitFor({ timeout: TIMEOUT })
    await screenshot(page, 'desktop-offline-shell')
  } finally {
    await contexts.alice.setOffline(false)
  }
  // Online again: reconnected at once, the chats load. The new socket says
  // the tab is shown right after it is identified, and the gateway takes it.
  await banner.waitFor({ state: 'detached', timeout: 5_000 })
  await page.locator('a[href^="/chats/"]').first().waitFor({ timeout: TIMEOUT })
  const ops = await waitFor('the visibility op', async () => {
    const list = sent.map((f) => JSON.parse(f))
    return list.some((f) => f.op === 'visibility') && list
  })
  assert(ops[0].op === 'identify', `the first frame was ${ops[0].op}`)
  const visibility = ops.find((f) => f.op === 'visibility')
  assert(visibility.visible === true, `visibility sent as ${JSON.stringify(visibility)}`)
  assert(ops.indexOf(visibility) === 1, `visibility came after ${ops.slice(0, ops.indexOf(visibility)).map((f) => f.op)}`)
  await sleep(500)
  assert(refused.length === 0, `the gateway refused a frame: ${refused}`)
}

export async function pushShowsAndOpens({ pages, contexts, users }) {
  const page = pages.alice
  await contexts.alice.grantPermissions(['notifications'], { origin: env.baseUrl })
  await openChat(page, users.bob.name)
  const conversationId = page.url().match(/\/chats\/([^/?#]+)/)[1]
  const messageId = await log(page).locator('[data-message]').first().getAttribute('data-message-id')
  await openSection(page, 'Friends')

  const cdp = await contexts.alice.newCDPSession(page)
  try {
    const registrations = new Map()
    const versions = new Map()
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: list }) => {
      for (const r of list) registrations.set(r.registrationId, r)
    })
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: list }) => {
      for (const v of list) versions.set(v.versionId, v)
    })
    await cdp.send('ServiceWorker.enable')
    // A push handed to a registration whose worker is not activated yet (the
    // offline story before this one reloads the app) is dropped: wait for the
    // page's controller and for an activated, running version.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    const registration = await waitFor('the service worker registration, activated', async () =>
      [...registrations.values()].find(
        (r) =>
          r.scopeURL === `${env.baseUrl}/` &&
          !r.isDeleted &&
          [...versions.values()].some(
            (v) => v.registrationId === r.registrationId && v.status === 'activated' && v.runningStatus === 'running',
          ),
      ),
    )
    const tag = `conversation:${conversationId}`
    const push = {
      type: 'message',
      title: users.bob.name,
      body: 'A push from the story',
      tag,
      url: `/chats/${conversationId}?message=${messageId}`,
      conversation_id: conversationId,
      message_id: messageId,
    }
    const deliver = () =>
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin: env.baseUrl,
        registrationId: registration.registrationId,
        data: JSON.stringify(push),
      })
    await deliver()
    // Pushed again every 3 s until shown (the tag makes it one notification),
    // as a push service retries: what is checked is the worker's showing it.
    let deliveredAt = Date.now()
    const shown = await waitFor('the pushed notification', async () => {
      const found = (await page.evaluate(shownNotifications)).find((n) => n.tag === tag && n.body === push.body)
      if (!found && Date.now() - deliveredAt > 3000) {
        await deliver()
        deliveredAt = Date.now()
      }
      return found
    })
    assert(shown.title === users.bob.name && shown.data.url === push.url, JSON.stringify(shown))

    // The click: a notificationclick event with the shown notification, run
    // by the worker's own handler (CDP cannot click a system notification).
    const worker = await waitFor('the service worker', async () =>
      contexts.alice.serviceWorkers().find((w) => w.url() === `${env.baseUrl}/sw.js`),
    )
    await worker.evaluate(async (t) => {
      const [notification] = await self.registration.getNotifications({ tag: t })
      self.dispatchEvent(new NotificationEvent('notificationclick', { notification }))
    }, tag)
    await waitFor('the clicked notification to close', async () => !(await page.evaluate(shownNotifications)).some((n) => n.tag === tag))
    await page.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
    assert(page.url().includes(`/chats/${conversationId}`), `landed at ${page.url()}`)
  } finally {
    await cdp.detach()
  }
}

/** Settings → Notifications: the push switch asks, subscribes, and says plainly when the push service cannot be reached. */
export async function pushSwitchSaysWhy({ pages, contexts }) {
  const page = pages.alice
  await contexts.alice.grantPermissions(['notifications'], { origin: env.baseUrl })
  await openSection(page, 'Settings')
  const section = page.getByRole('region', { name: 'Notifications' })
  await section.scrollIntoViewIfNeeded()
  const toggle = section.getByRole('checkbox', { name: 'Push notifications on this device' })
  await toggle.check().catch(() => {})
  // Google's push service is out of reach from here: the switch goes back and says so.
  await section.locator('[data-push-error]').filter({ hasText: /push service/ }).waitFor({ timeout: 30_000 })
  assert(!(await toggle.isChecked()), 'the push switch stayed on without a subscription')
  await screenshot(page, 'desktop-settings-notifications')
}
