/**
 * Site administration (#21): an account made an administrator with the real
 * command line (`confab-api admin grant`, against the database and config the
 * harness gave the API: this process inherits its CONFAB_* environment)
 * disables a user whose browser is open elsewhere. That browser drops to the
 * login page saying why; logging in again says it too; once enabled, the user
 * logs in. Users of its own, in contexts of its own.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

import { signUp, submitLogin, TIMEOUT } from '../lib/app.mjs'
import { axeViolations, BLOCKING, formatViolations } from '../lib/axe.mjs'
import { assert, env, screenshot } from '../lib/harness.mjs'
import { newPage } from './accounts.mjs'
import { PHONE } from './screens.mjs'

const run = promisify(execFile)
const DISABLED = 'An administrator disabled your account.'

/** The API binary the stack runs (scripts/browser-test copies it beside the gateway), else the build's. */
function apiBin() {
  const beside = env.gatewayBin ? path.join(path.dirname(env.gatewayBin), 'confab-api') : null
  if (beside && existsSync(beside)) return beside
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../target/debug/confab-api')
}

/** `confab-api admin grant <username>`, as the operator types it. */
async function grantAdmin(username) {
  const { stdout, stderr } = await run(apiBin(), ['admin', 'grant', username], { env: process.env, timeout: 30_000 })
  return `${stdout}${stderr}`.trim()
}

/** Nothing on the page is wider than the window (no sideways scrolling), nothing starts left of it. */
async function fitsTheWindow(page, where) {
  const problems = await page.evaluate(() => {
    const vw = window.innerWidth
    const out = []
    const se = document.scrollingElement
    if (se.scrollWidth > vw) out.push(`the page is ${se.scrollWidth - vw}px wider than the window`)
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect()
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue
      if (el.closest('dialog:not([open])') || el.closest('.sr-only')) continue
      if (r.right > vw + 1 || r.left < -1) {
        out.push(`<${el.tagName.toLowerCase()}> “${(el.textContent ?? '').trim().slice(0, 30)}” spans ${Math.round(r.left)}–${Math.round(r.right)}`)
      }
    }
    for (const el of document.querySelectorAll('main *')) {
      const cs = getComputedStyle(el)
      if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        out.push(`<${el.tagName.toLowerCase()}> scrolls sideways`)
      }
    }
    return out.slice(0, 5)
  })
  assert(problems.length === 0, `${where}: ${problems.join('; ')}`)
}

/** axe finds nothing serious or critical on the screen as it is now. */
async function noSeriousAxe(page, screen) {
  await page.waitForTimeout(300) // colours in mid-transition are not what anyone reads
  const found = (await axeViolations(page)).filter((v) => BLOCKING.has(v.impact))
  assert(found.length === 0, `axe on ${screen}:\n${formatViolations(screen, found)}`)
}

export async function adminDisablesUser(ctx) {
  const root = { username: `root_${ctx.suffix}`, name: 'Rita Root' }
  const dave = { username: `dave_${ctx.suffix}`, name: 'Dave Doe' }
  ctx.users.root = root
  ctx.users.dave = dave
  const admin = await newPage(ctx, 'admin')
  const victim = await newPage(ctx, 'dave')
  await signUp(admin, root.username, root.name)
  await signUp(victim, dave.username, dave.name)
  // Dave has a second tab open (the same browser: one login, shared storage).
  const victimTab = await victim.context().newPage()
  ctx.pages['dave-tab'] = victimTab
  await victimTab.goto(`${env.baseUrl}/friends`)
  await victimTab.getByRole('navigation', { name: 'Main' }).first().waitFor({ timeout: TIMEOUT })

  // Not an administrator yet: no entry, and /admin is not found.
  const nav = admin.getByRole('navigation', { name: 'Main' }).first()
  assert((await nav.locator('a[href="/admin"]').count()) === 0, 'the Administration entry shows before the grant')
  await admin.goto(`${env.baseUrl}/admin`)
  await admin.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: TIMEOUT })

  const said = await grantAdmin(root.username)
  console.log(`  confab-api admin grant ${root.username}: ${said || '(nothing printed)'}`)

  // The page reads /users/me again on load: now the entry shows.
  await admin.goto(`${env.baseUrl}/chats`)
  await nav.locator('a[href="/admin"]').click()
  await admin.getByRole('heading', { level: 1, name: 'Site administration' }).waitFor({ timeout: TIMEOUT })
  await admin.locator('[data-stat="users"]').waitFor({ timeout: TIMEOUT })
  assert((await admin.locator('[data-admin-chart] li').count()) === 14, 'the chart does not have 14 days')
  await screenshot(admin, 'desktop-admin-overview')
  await noSeriousAxe(admin, 'the admin overview')

  // Find Dave, and disable him with a reason.
  await admin.getByRole('navigation', { name: 'Sections of the site administration' }).getByRole('link', { name: 'Users' }).click()
  await admin.getByLabel('Search accounts').fill(dave.username)
  await admin.getByRole('search').getByRole('button', { name: 'Search' }).click()
  await admin.getByRole('link', { name: `Details of ${dave.name}` }).click()
  await admin.getByRole('heading', { level: 2, name: dave.name }).waitFor({ timeout: TIMEOUT })
  await noSeriousAxe(admin, 'an account’s page')
  await admin.getByRole('button', { name: 'Disable account…' }).click()
  const dialog = admin.getByRole('dialog', { name: /^Disable .*Dave Doe.*\?$/ })
  await dialog.waitFor({ timeout: TIMEOUT })
  // A reason is required: refused here, nothing sent.
  await dialog.getByRole('button', { name: 'Disable account' }).click()
  await dialog.getByText('Say why: the reason is kept in the site audit log.').waitFor({ timeout: TIMEOUT })
  await dialog.getByLabel('Reason').fill('Sends the same link to everyone (browser story)')
  await screenshot(admin, 'desktop-admin-disable-dialog')
  await noSeriousAxe(admin, 'the disable dialog')
  const started = Date.now()
  await dialog.getByRole('button', { name: 'Disable account' }).click()
  await dialog.waitFor({ state: 'hidden', timeout: TIMEOUT })
  await admin.locator('[data-standing]').getByText('Reason: Sends the same link to everyone (browser story)').waitFor({ timeout: TIMEOUT })

  // Dave's browser did nothing: the socket closing (4004) and the refused refresh move it.
  await victim.waitForURL(/\/login/, { timeout: 10_000 })
  await victim.getByRole('status').filter({ hasText: DISABLED }).waitFor({ timeout: TIMEOUT })
  console.log(`  the disabled user's browser was on the login page after ${Date.now() - started} ms`)
  // The other tab too, saying the same (whichever tab's refresh was refused first tells the rest).
  await victimTab.waitForURL(/\/login/, { timeout: 10_000 })
  await victimTab.getByRole('status').filter({ hasText: DISABLED }).waitFor({ timeout: TIMEOUT })
  await victimTab.close()
  delete ctx.pages['dave-tab']
  const text = await victim.locator('main, body').first().innerText()
  assert(!text.includes('account_disabled'), 'the login page shows the raw code')
  await screenshot(victim, 'desktop-login-account-disabled')
  await noSeriousAxe(victim, 'the login page saying the account is disabled')

  // Logging in again is refused, saying the same, once.
  await submitLogin(victim, dave.username)
  await victim.getByRole('status').filter({ hasText: DISABLED }).waitFor({ timeout: TIMEOUT })
  await victim.waitForTimeout(300)
  assert(/\/login/.test(victim.url()), 'the disabled user got in')
  assert((await victim.getByText(DISABLED).count()) === 1, 'the refusal is said more than once')
  assert(!(await victim.locator('body').innerText()).includes('account_disabled'), 'the raw code shows after the login')

  // The audit log says it in words.
  await admin.getByRole('link', { name: 'This account in the audit log' }).click()
  await admin
    .locator('[data-audit-action="account_disabled"]')
    .filter({ hasText: `${root.name} disabled the account of ${dave.name}` })
    .waitFor({ timeout: TIMEOUT })
  await noSeriousAxe(admin, 'the audit log')

  // Escape closes a dialog and gives the focus back to the button that opened it.
  await admin.goBack()
  await admin.getByRole('button', { name: 'Enable account…' }).focus()
  await admin.keyboard.press('Enter')
  const enable = admin.getByRole('dialog', { name: /^Enable .*Dave Doe.*\?$/ })
  await enable.waitFor({ timeout: TIMEOUT })
  assert(await enable.getByLabel('Reason').evaluate((el) => el === document.activeElement), 'the reason field is not focused')
  await admin.keyboard.press('Escape')
  await enable.waitFor({ state: 'hidden', timeout: TIMEOUT })
  assert(
    await admin.getByRole('button', { name: 'Enable account…' }).evaluate((el) => el === document.activeElement),
    'the focus did not go back to Enable account…',
  )

  // Enabled again (with a reason), Dave logs in.
  await admin.getByRole('button', { name: 'Enable account…' }).click()
  await enable.getByLabel('Reason').fill('Promised to stop')
  await enable.getByRole('button', { name: 'Enable account' }).click()
  await enable.waitFor({ state: 'hidden', timeout: TIMEOUT })
  await admin.locator('[data-standing]').getByText('Can log in').waitFor({ timeout: TIMEOUT })
  await submitLogin(victim, dave.username)
  await victim.waitForURL(/\/chats/, { timeout: TIMEOUT })

  // At phone width nothing scrolls sideways: each section in turn (Settings links there on a phone).
  const phone = await newPage(ctx, 'admin-phone', PHONE)
  await submitLogin(phone, root.username)
  await phone.waitForURL(/\/chats/, { timeout: TIMEOUT })
  await phone.goto(`${env.baseUrl}/settings`)
  await phone.getByRole('link', { name: 'Open the site administration' }).click()
  await phone.locator('[data-stat="users"]').waitFor({ timeout: TIMEOUT })
  await fitsTheWindow(phone, 'overview at 390 px')
  await screenshot(phone, 'phone-admin-overview')
  for (const [tab, ready, shot] of [
    ['Users', `[data-admin-user="${dave.username}"]`, 'phone-admin-users'],
    ['Groups', 'h2:text("Groups")', null],
    ['Reports', 'h2:text("Reports")', null],
    ['Audit log', '[data-audit-action]', 'phone-admin-audit-log'],
  ]) {
    await phone.getByRole('navigation', { name: 'Sections of the site administration' }).getByRole('link', { name: tab }).click()
    await phone.locator(ready).first().waitFor({ timeout: TIMEOUT })
    await fitsTheWindow(phone, `${tab} at 390 px`)
    if (shot) await screenshot(phone, shot)
  }

  // In Arabic the area mirrors (right to left) and still fits.
  await phone.evaluate(() => localStorage.setItem('confab.language', 'ar'))
  await phone.goto(`${env.baseUrl}/admin/users`)
  await phone.locator(`[data-admin-user="${dave.username}"]`).waitFor({ timeout: TIMEOUT })
  assert((await phone.evaluate(() => document.documentElement.dir)) === 'rtl', 'the Arabic page is not right to left')
  await fitsTheWindow(phone, 'accounts in Arabic at 390 px')
  await screenshot(phone, 'phone-admin-users-ar')
  await phone.goto(`${env.baseUrl}/admin`)
  await phone.locator('[data-admin-chart] li').first().waitFor({ timeout: TIMEOUT })
  await fitsTheWindow(phone, 'the overview in Arabic at 390 px')
  await screenshot(phone, 'phone-admin-overview-ar')
}
