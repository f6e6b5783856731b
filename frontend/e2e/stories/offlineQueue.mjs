/**
 * The offline send queue (#20): offline, Alice writes three messages in two
 * chats with Bob (their DM and a group of their own) and sends a picture;
 * they show as pending, and still do after a reload while offline (the app
 * shell comes from the service worker, the queue from IndexedDB). Back
 * online, each arrives on Bob's screens once, in the order written, and the
 * server holds exactly those messages: three texts and one picture.
 */
import { log, openChat, openSection, send, TIMEOUT } from '../lib/app.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'
import { makePng } from '../lib/png.mjs'

/** Arrival after going online: the socket reconnects and the queue flushes, an upload among it. */
const ARRIVAL_TIMEOUT = 20_000

function pendingIn(page, state) {
  return log(page).locator(state ? `[data-pending="${state}"]` : '[data-pending]')
}

/** A group of Alice's with Bob in it: her second chat with him. */
async function groupWithBob({ alice, bob }, users, name) {
  await openSection(alice, 'Groups')
  await alice.getByRole('link', { name: 'New group' }).click()
  await alice.getByLabel('Name').fill(name)
  await alice.getByRole('button', { name: 'Create group' }).click()
  await alice.getByRole('heading', { level: 1, name }).waitFor({ timeout: TIMEOUT })
  await alice.getByRole('button', { name: 'Group info' }).click()
  const panel = alice.locator('[data-group-panel]')
  await panel.getByRole('button', { name: `Invite ${users.bob.name}` }).click()
  await panel.getByText('Invited').waitFor({ timeout: TIMEOUT })
  await alice.getByRole('button', { name: 'Close group info' }).click()

  await openSection(bob, 'Groups')
  await bob.locator('[data-invitation]', { hasText: name }).getByRole('button', { name: 'Join' }).click()
  await bob.getByRole('heading', { level: 1, name }).waitFor({ timeout: TIMEOUT })
}

const chatId = (page) => page.url().match(/\/chats\/([^/?#]+)/)[1]

/** The newest messages of a conversation as the server has them (newest first), asked with Alice's token. */
function serverMessages(page, conversationId) {
  return page.evaluate(async (id) => {
    const res = await fetch(`/api/v1/conversations/${id}/messages?limit=50`, {
      headers: { Authorization: `Bearer ${localStorage.getItem('confab.access_token')}` },
    })
    if (!res.ok) throw new Error(`history answered ${res.status}`)
    return (await res.json()).items
  }, conversationId)
}

/** The bodies (or "[picture]") of the messages in a chat's log, top to bottom. */
function logLines(page) {
  return log(page)
    .locator('[data-message]')
    .evaluateAll((els) =>
      els.map((el) => el.querySelector('[data-body]')?.textContent.trim() || (el.querySelector('[data-attachment-image]') ? '[picture]' : '')),
    )
}

export async function offlineQueue({ pages, contexts, users, suffix }) {
  const { alice, bob } = pages
  const groupName = `Outbox ${suffix}`
  const words = { one: `Quince one ${suffix}`, two: `Quince two ${suffix}`, three: `Quince three ${suffix}` }

  await groupWithBob(pages, users, groupName)
  const groupId = chatId(bob)
  await openChat(alice, users.bob.name)
  const dmId = chatId(alice)
  await alice.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: TIMEOUT })
  // What each chat holds already: the story's messages are the ones after it.
  const before = {
    dm: (await serverMessages(alice, dmId))[0]?.id ?? '',
    group: (await serverMessages(alice, groupId))[0]?.id ?? '',
  }

  // Bob watches both chats: the DM here, the group in a second tab.
  await openChat(bob, users.alice.name)
  const bobGroup = await contexts.bob.newPage()
  bobGroup.setDefaultTimeout(TIMEOUT)
  bobGroup.on('pageerror', (e) => console.log(`[bob, 2nd tab] page error: ${e.message}`))
  try {
    await bobGroup.goto(`${env.baseUrl}/chats/${groupId}`)
    await bobGroup.getByRole('heading', { level: 1, name: groupName }).waitFor({ timeout: TIMEOUT })

    await contexts.alice.setOffline(true)
    try {
      await alice.getByText('You are offline. Waiting for the network…').waitFor({ timeout: TIMEOUT })
      await send(alice, words.one)
      await pendingIn(alice, 'sending').filter({ hasText: words.one }).waitFor({ timeout: TIMEOUT })
      await openChat(alice, groupName)
      await send(alice, words.two)
      await pendingIn(alice, 'sending').filter({ hasText: words.two }).waitFor({ timeout: TIMEOUT })
      await openChat(alice, users.bob.name)
      await send(alice, words.three)
      // A picture picked offline: not uploaded, it goes with its message when the network is back.
      await alice.locator('[data-attach-input]').setInputFiles({ name: 'offline.png', mimeType: 'image/png', buffer: makePng() })
      await alice.locator('[data-draft-queued]').waitFor({ timeout: TIMEOUT })
      await alice.locator('#composer').press('Enter')
      await pendingIn(alice).locator('[data-pending-file] img').waitFor({ timeout: TIMEOUT })

      // A reload while still offline: the shell from the service worker, the queue from IndexedDB.
      const response = await alice.reload()
      assert(response?.fromServiceWorker(), 'the reload did not come from the service worker')
      await alice.getByRole('heading', { level: 1, name: users.bob.name }).waitFor({ timeout: TIMEOUT })
      await alice.waitForFunction(() => document.querySelectorAll('[data-pending="sending"]').length === 3, null, { timeout: TIMEOUT })
      const pendingLines = await pendingIn(alice).evaluateAll((els) =>
        els.map((el) => el.querySelector('[data-body]')?.textContent.trim() || (el.querySelector('[data-pending-file] img') ? '[picture]' : '')),
      )
      assert(
        JSON.stringify(pendingLines) === JSON.stringify([words.one, words.three, '[picture]']),
        `after the reload the DM shows pending ${JSON.stringify(pendingLines)}`,
      )
      await screenshot(alice, 'desktop-offline-queue')
      await openChat(alice, groupName)
      await pendingIn(alice, 'sending').filter({ hasText: words.two }).waitFor({ timeout: TIMEOUT })
      await openChat(alice, users.bob.name)
      // Nothing left the browser.
      assert((await log(bob).getByText(words.one).count()) === 0, 'Bob got a message while Alice was offline')
    } finally {
      await contexts.alice.setOffline(false)
    }

    // Back online: everything arrives, each once, in the order written.
    const picture = log(bob).locator('[data-message]').last().locator('[data-attachment-image] img')
    await picture.waitFor({ timeout: ARRIVAL_TIMEOUT })
    await bob.waitForFunction((img) => img.complete && img.naturalWidth > 0, await picture.elementHandle(), { timeout: TIMEOUT })
    await log(bobGroup).getByText(words.two, { exact: true }).waitFor({ timeout: ARRIVAL_TIMEOUT })
    await pendingIn(alice).first().waitFor({ state: 'detached', timeout: ARRIVAL_TIMEOUT })
    await bob.waitForTimeout(1000) // a late duplicate would show by now

    const dmLines = await logLines(bob)
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
    assert(same(dmLines.slice(-3), [words.one, words.three, '[picture]']), `Bob's DM ends ${JSON.stringify(dmLines.slice(-5))}`)
    for (const w of [words.one, words.three]) {
      assert(dmLines.filter((l) => l === w).length === 1, `Bob's DM shows “${w}” other than once`)
      assert((await log(alice).getByText(w, { exact: true }).count()) === 1, `Alice's DM shows “${w}” other than once`)
    }
    const groupLines = await logLines(bobGroup)
    assert(groupLines.filter((l) => l === words.two).length === 1, `Bob's group shows ${JSON.stringify(groupLines.slice(-4))}`)

    // The server holds exactly these: three texts and one picture, each once, in order.
    const label = (m) => (m.attachments?.length ? '[picture]' : m.body)
    const dm = (await serverMessages(alice, dmId)).filter((m) => m.id > before.dm).reverse()
    const group = (await serverMessages(alice, groupId)).filter((m) => m.id > before.group && !m.system).reverse()
    assert(same(dm.map(label), [words.one, words.three, '[picture]']), `the server's DM holds ${JSON.stringify(dm.map(label))}`)
    assert(same(group.map(label), [words.two]), `the server's group holds ${JSON.stringify(group.map(label))}`)
    const all = [...dm, ...group]
    assert(all.filter((m) => Object.values(words).includes(m.body)).length === 3, 'the server does not hold the three texts once each')
    const pictures = all.filter((m) => m.attachments?.length)
    assert(pictures.length === 1 && pictures[0].attachments.length === 1, `the server holds ${pictures.length} messages with the picture`)
  } finally {
    await bobGroup.close()
  }
}
