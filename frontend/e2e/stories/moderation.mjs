/**
 * Issue #21's moderation screens: invite links (made, opened signed out,
 * joined, revoked) and reports (filed on a message, handled from the group's
 * queue by a moderator role, the outcome told to the reporter). Their own
 * people and browser contexts, so they run alone (CONFAB_E2E_ONLY=moderation).
 */
import { env } from '../lib/harness.mjs'
import { log, messageWithText, openChat, openSection, send, signUp, submitLogin, TIMEOUT } from '../lib/app.mjs'
import { assert, screenshot } from '../lib/harness.mjs'
import { makePng } from '../lib/png.mjs'

const DESKTOP = { width: 1280, height: 800 }

function panel(page) {
  return page.locator('[data-group-panel]')
}

async function openPanelTab(page, tab) {
  if (!(await panel(page).isVisible())) await page.getByRole('button', { name: 'Group info' }).click()
  await panel(page).getByRole('tab', { name: tab, exact: true }).click()
}

async function newPage(browser, who) {
  const context = await browser.newContext({ viewport: DESKTOP })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => console.log(`[${who}] page error: ${e.message}`))
  return page
}

/** Makes an invite link in the open group's Links tab; answers its address as the list shows it. */
async function makeLink(page) {
  await openPanelTab(page, 'Links')
  const made = page.waitForResponse((r) => r.request().method() === 'POST' && /\/invite-links$/.test(r.url()))
  await panel(page).getByRole('button', { name: 'Create link' }).click()
  const { code } = await (await made).json()
  const row = panel(page).locator(`[data-invite-link][data-code="${code}"]`)
  await row.waitFor({ timeout: TIMEOUT })
  return (await row.locator('[data-link-address]').textContent()).trim()
}

/** Opens an invite link's page and joins; waits for the group's chat. */
async function joinByLink(page, address, groupName) {
  await page.goto(address)
  const card = page.locator('[data-invite-page]')
  await card.getByRole('heading', { name: groupName }).waitFor({ timeout: TIMEOUT })
  await card.getByRole('button', { name: 'Join the group' }).click()
  await page.getByRole('heading', { level: 1, name: groupName }).waitFor({ timeout: TIMEOUT })
}

export async function inviteLinkJoin(ctx) {
  const { browser, suffix } = ctx
  const owner = await newPage(browser, 'olga')
  const visitor = await newPage(browser, 'vic')
  const people = {
    olga: { username: `olga_${suffix}`, name: 'Olga Owner' },
    vic: { username: `vic_${suffix}`, name: 'Vic Visitor' },
  }
  const groupName = `Club ${suffix}`
  await Promise.all([
    signUp(owner, people.olga.username, people.olga.name),
    signUp(visitor, people.vic.username, people.vic.name),
  ])

  await openSection(owner, 'Groups')
  await owner.getByRole('link', { name: 'New group' }).click()
  await owner.getByLabel('Name').fill(groupName)
  await owner.getByRole('button', { name: 'Create group' }).click()
  await owner.getByRole('heading', { level: 1, name: groupName }).waitFor({ timeout: TIMEOUT })

  const address = await makeLink(owner)
  assert(/\/invite\/[A-Za-z0-9_-]+$/.test(address), `the link's address is ${address}`)
  assert(address.startsWith(env.baseUrl) || address.startsWith('http'), `the link is a whole address: ${address}`)
  await panel(owner).getByText('Used 0 times').first().waitFor({ timeout: TIMEOUT })
  await screenshot(owner, 'desktop-group-invite-links')

  // Signed out, the link leads to the login, and the login back to it.
  await openSection(visitor, 'Settings')
  await visitor.locator('#main').getByRole('button', { name: 'Log out' }).click()
  await visitor.waitForURL(/\/login/, { timeout: TIMEOUT })
  await visitor.goto(address)
  await visitor.waitForURL(/\/login\?redirect=/, { timeout: TIMEOUT })
  await submitLogin(visitor, people.vic.username)
  await visitor.waitForURL(/\/invite\//, { timeout: TIMEOUT })
  const card = visitor.locator('[data-invite-page]')
  await card.getByRole('heading', { name: groupName }).waitFor({ timeout: TIMEOUT })
  await card.getByText('1 member').waitFor({ timeout: TIMEOUT })
  await screenshot(visitor, 'desktop-invite-link-page')
  await card.getByRole('button', { name: 'Join the group' }).click()
  await visitor.getByRole('heading', { level: 1, name: groupName }).waitFor({ timeout: TIMEOUT })
  await log(owner).getByText(new RegExp(`${people.vic.name} joined`)).waitFor({ timeout: TIMEOUT })

  // The link counts the use; revoked, it says so to whoever opens it.
  await owner.reload()
  await owner.getByRole('heading', { level: 1, name: groupName }).waitFor({ timeout: TIMEOUT })
  await openPanelTab(owner, 'Links')
  await panel(owner).getByText('Used 1 times').waitFor({ timeout: TIMEOUT })
  await panel(owner).getByRole('button', { name: /^Revoke the link / }).first().click()
  await owner.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click()
  await panel(owner).getByText('Revoked', { exact: true }).waitFor({ timeout: TIMEOUT })
  await visitor.goto(address)
  await visitor.getByText('This invite link was revoked.', { exact: false }).waitFor({ timeout: TIMEOUT })
  await screenshot(visitor, 'desktop-invite-link-revoked')

  ctx.moderation = { owner, visitor, people, groupName }
}

export async function reportAndSettle(ctx) {
  try {
    await reportAndSettleSteps(ctx)
  } catch (e) {
    // The runner's failure shots are of the shared pages: these are this story's own.
    for (const [who, page] of Object.entries(ctx.moderation?.pages ?? {})) {
      await screenshot(page, `FAILED-moderation-${who}`).catch(() => {})
    }
    throw e
  }
}

async function reportAndSettleSteps(ctx) {
  const { browser, suffix } = ctx
  const { owner, visitor, people, groupName } = ctx.moderation
  const mod = await newPage(browser, 'mia')
  people.mia = { username: `mia_${suffix}`, name: 'Mia Moderator' }
  ctx.moderation.pages = { olga: owner, vic: visitor, mia: mod }
  await signUp(mod, people.mia.username, people.mia.name)

  // Mia joins by a new link, and gets a role that handles reports and deletes messages.
  await openChat(owner, groupName)
  const address = await makeLink(owner)
  await joinByLink(mod, address, groupName)
  await openPanelTab(owner, 'Roles')
  await panel(owner).getByRole('button', { name: 'New role' }).click()
  await panel(owner).getByLabel('Role name').fill('Moderator')
  await panel(owner).getByLabel('Handle reports').check()
  await panel(owner).getByLabel('Delete others’ messages').check()
  await panel(owner).getByRole('button', { name: 'Create role' }).click()
  await panel(owner).locator('[data-role-name="Moderator"]').waitFor({ timeout: TIMEOUT })
  await openPanelTab(owner, 'Members')
  await panel(owner).getByLabel(`Role of ${people.mia.name}`).selectOption({ label: 'Moderator' })
  await log(mod).getByText(/gave you the role “Moderator”/).waitFor({ timeout: TIMEOUT })

  // Vic writes something; Olga reports it.
  const text = `Cheap watches at spam.example ${suffix}`
  await openChat(visitor, groupName)
  await send(visitor, text)
  // The panel lies over the chat at this width: closed (Escape) to reach the message.
  await panel(owner).click()
  await owner.keyboard.press('Escape')
  await panel(owner).waitFor({ state: 'detached', timeout: TIMEOUT })
  const message = messageWithText(owner, text)
  await message.waitFor({ timeout: TIMEOUT })
  await message.hover()
  await message.getByRole('button', { name: 'Report message' }).click()
  const dialog = owner.getByRole('dialog', { name: 'Report this message' })
  await dialog.getByLabel('Spam').check()
  await dialog.getByLabel('Details (optional)').fill('Posted to every group')
  await screenshot(owner, 'desktop-report-dialog')
  await dialog.getByRole('button', { name: 'Send report' }).click()
  await dialog.getByText('Thank you. Your report was sent').waitFor({ timeout: TIMEOUT })
  await dialog.getByRole('button', { name: 'Close' }).click()
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
  // A second report of the same message while the first is open is refused, in words.
  await message.hover()
  await message.getByRole('button', { name: 'Report message' }).click()
  await dialog.getByLabel('Spam').check()
  await dialog.getByRole('button', { name: 'Send report' }).click()
  await dialog.getByRole('alert').waitFor({ timeout: TIMEOUT })
  await owner.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })

  // Mia is told, and handles it from the queue: deletes the message and settles.
  await openSection(mod, 'Notifications')
  const notice = mod.getByText('A new report waits in the group’s queue: Spam')
  await notice.waitFor({ timeout: TIMEOUT })
  await notice.click()
  await mod.getByRole('heading', { level: 1, name: groupName }).waitFor({ timeout: TIMEOUT })
  const report = panel(mod).locator('[data-report]', { has: mod.locator('[data-reported-text]', { hasText: text }) })
  await report.waitFor({ timeout: TIMEOUT })
  await report.getByText(`Reported by ${people.olga.name}`).waitFor({ timeout: TIMEOUT })
  await report.getByText('Details: Posted to every group').waitFor({ timeout: TIMEOUT })
  await screenshot(mod, 'desktop-group-reports')
  await report.getByRole('button', { name: 'Delete the message' }).click()
  await report.getByText('The message was deleted.').waitFor({ timeout: TIMEOUT })
  await log(visitor).getByText(text, { exact: true }).waitFor({ state: 'detached', timeout: TIMEOUT })
  await report.getByRole('button', { name: 'Settle' }).click()
  await report.getByLabel('What was done (the reporter reads this)').fill('Removed the message')
  await report.getByRole('button', { name: 'Action taken' }).click()
  // Settled, it leaves the open queue.
  await report.waitFor({ state: 'detached', timeout: TIMEOUT })

  // Olga hears how it ended, and her reports say so too.
  await openSection(owner, 'Notifications')
  await owner.getByText('Your report led to action: Removed the message').waitFor({ timeout: TIMEOUT })
  await screenshot(owner, 'desktop-report-outcome')
  await openSection(owner, 'Settings')
  const mine = owner.locator('[data-my-report]').first()
  await mine.getByText('Action taken').waitFor({ timeout: TIMEOUT })
  await mine.getByText('Outcome: Removed the message').waitFor({ timeout: TIMEOUT })

}

export async function slowmodeTimeoutAuditEmoji(ctx) {
  try {
    await slowmodeTimeoutAuditEmojiSteps(ctx)
  } catch (e) {
    for (const [who, page] of Object.entries(ctx.moderation?.pages ?? {})) {
      await screenshot(page, `FAILED-moderation-${who}`).catch(() => {})
    }
    throw e
  } finally {
    await Promise.all(Object.values(ctx.moderation?.pages ?? {}).map((p) => p.context().close().catch(() => {})))
  }
}

async function slowmodeTimeoutAuditEmojiSteps(ctx) {
  const { owner, visitor, people, groupName } = ctx.moderation
  await openChat(owner, groupName)
  await openChat(visitor, groupName)

  // Slow mode: Vic's own send starts the countdown above his composer.
  await openPanelTab(owner, 'Info')
  await panel(owner).getByLabel('Slow mode').selectOption({ label: '10 seconds' })
  await panel(owner).getByText('Slow mode saved.').waitFor({ timeout: TIMEOUT })
  await send(visitor, 'Slow and steady')
  await visitor.locator('[data-slowmode-countdown]').getByText(/Slow mode: you can send again in \d+ seconds?/).waitFor({ timeout: TIMEOUT })
  await screenshot(visitor, 'desktop-slowmode-countdown')
  await panel(owner).getByLabel('Slow mode').selectOption({ label: 'Off' })
  await panel(owner).getByText('Slow mode saved.').waitFor({ timeout: TIMEOUT })

  // A timeout with a reason: a badge on the member; Vic reads but cannot write until it is ended.
  await openPanelTab(owner, 'Members')
  await panel(owner).getByRole('button', { name: `Time out ${people.vic.name}` }).click()
  const dialog = owner.getByRole('dialog', { name: 'Time out a member' })
  await dialog.getByLabel('For how long').selectOption({ label: '5 minutes' })
  await dialog.getByLabel('Reason (optional)').fill('Cool down, “please”')
  await dialog.getByRole('button', { name: 'Time out' }).click()
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
  await panel(owner).locator(`[data-member][data-username="${people.vic.username}"] [data-timed-out]`).waitFor({ timeout: TIMEOUT })
  await visitor.locator('[data-timed-out-notice]').getByText(/You are timed out in this group until/).waitFor({ timeout: TIMEOUT })
  assert((await visitor.locator('#composer').count()) === 0, 'the composer shows during a timeout')
  await screenshot(visitor, 'desktop-timed-out')
  await panel(owner).getByRole('button', { name: `End the timeout of ${people.vic.name}` }).click()
  await visitor.locator('#composer').waitFor({ timeout: TIMEOUT })

  // The audit log says all of it, newest first, with the reason; filtered by action.
  await openPanelTab(owner, 'Log')
  const entries = panel(owner).locator('[data-audit-entry]')
  await entries.first().waitFor({ timeout: TIMEOUT })
  const actions = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
  assert(
    actions.slice(0, 4).join() === 'member_timeout_ended,member_timed_out,group_updated,group_updated',
    `the log reads ${actions.join()}`,
  )
  await panel(owner).getByText(`Olga Owner timed out ${people.vic.name}`).waitFor({ timeout: TIMEOUT })
  await panel(owner).getByText('Reason: Cool down, “please”').waitFor({ timeout: TIMEOUT })
  await panel(owner).getByLabel('Action').selectOption({ label: 'Member timed out' })
  await owner.waitForFunction(
    () => [...document.querySelectorAll('[data-audit-entry]')].every((e) => e.getAttribute('data-action') === 'member_timed_out'),
    null,
    { timeout: TIMEOUT },
  )
  await screenshot(owner, 'desktop-group-audit-log')

  // A custom emoji: added in the Emoji tab, shown in a message and offered for reactions, live.
  await openPanelTab(owner, 'Emoji')
  await panel(owner).getByLabel('Name').fill('party')
  await panel(owner).getByLabel('Picture').setInputFiles({ name: 'party.png', mimeType: 'image/png', buffer: makePng(32, 32) })
  await panel(owner).getByRole('button', { name: 'Add emoji' }).click()
  await panel(owner).locator('[data-emoji-row="party"]').waitFor({ timeout: TIMEOUT })
  await screenshot(owner, 'desktop-group-emoji')
  await owner.keyboard.press('Escape')
  await send(owner, `Time to :party: and :nope: ${ctx.suffix}`)
  const message = messageWithText(visitor, `${ctx.suffix}`)
  await message.locator('img[data-custom-emoji="party"][alt=":party:"]').waitFor({ timeout: TIMEOUT })
  await message.getByText(':nope:', { exact: false }).waitFor({ timeout: TIMEOUT })
  await message.hover()
  await message.getByRole('button', { name: 'Add reaction' }).click()
  await visitor.getByRole('button', { name: 'React with :party:' }).click()
  await messageWithText(owner, `${ctx.suffix}`).locator('[data-reaction=":party:"] img').waitFor({ timeout: TIMEOUT })
}
