/**
 * axe-core on every main screen, in the light and the dark theme, at desktop
 * and phone width: no serious or critical WCAG 2.2 A/AA violation anywhere.
 * Then, with reduced motion asked for, nothing on screen moves.
 */
import { axeViolations, BLOCKING, formatViolations } from '../lib/axe.mjs'
import { chatRow, log, openChat, openSection, TIMEOUT } from '../lib/app.mjs'
import { env } from '../lib/harness.mjs'

import { PHONE } from './screens.mjs'

const DESKTOP = { width: 1280, height: 800 }
const THEMES = ['light', 'dark']
const WIDTHS = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]

/** Until nothing says "Loading…" and the fonts and a frame are done. */
async function settle(page) {
  await page.waitForFunction(
    () => ![...document.querySelectorAll('[role=status]')].some((el) => /Loading/.test(el.textContent ?? '')),
    null,
    { timeout: TIMEOUT },
  )
  // An open dialog fully shown, and no transition still going on.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('dialog[open]')].every((d) => {
        const style = getComputedStyle(d)
        return style.visibility === 'visible' && style.opacity === '1'
      }) && !document.getAnimations().some((a) => a instanceof CSSTransition && a.playState === 'running'),
    null,
    { timeout: TIMEOUT },
  )
  await page.evaluate(() =>
    document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))),
  )
}

/** A context as Alice (or a guest), in one theme at one width, asking for reduced motion. */
async function newContext(browser, viewport, theme, storageState) {
  const context = await browser.newContext({ viewport, storageState, colorScheme: theme, reducedMotion: 'reduce' })
  await context.addInitScript((t) => localStorage.setItem('confab.theme', t), theme)
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  return { context, page }
}

/** The signed-in screens, one after another, each checked once it has loaded. */
async function signedInScreens(page, { users, group }, wide, check) {
  await page.goto(`${env.baseUrl}/chats`)
  await chatRow(page, users.bob.name).waitFor({ timeout: TIMEOUT })
  await check('chats')

  // The keyboard's dialogs, over the chat list.
  await page.keyboard.press('Control+k')
  await page.getByRole('dialog', { name: 'Go to a chat' }).waitFor({ timeout: TIMEOUT })
  await check('quick switcher')
  await page.keyboard.press('Escape')
  await page.keyboard.press('?')
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ timeout: TIMEOUT })
  await check('keyboard shortcuts')
  await page.keyboard.press('Escape')

  await openChat(page, users.bob.name)
  await log(page).locator('[data-message]').first().waitFor({ timeout: TIMEOUT })
  await check('chats with the DM open')

  // Threads: the list, and a thread of the newest message.
  await page.getByRole('button', { name: 'Threads', exact: true }).click()
  await page.locator('[data-thread-list]').waitFor({ timeout: TIMEOUT })
  await check('the thread list')
  await page.getByRole('button', { name: 'Close threads', exact: true }).click()
  const newest = log(page).locator('[data-message]').last()
  await newest.hover()
  await newest.getByRole('button', { name: 'Reply in thread' }).click()
  await page.locator('[data-thread-panel] [data-thread-root]').waitFor({ timeout: TIMEOUT })
  await check('a thread')
  await page.getByRole('button', { name: 'Close thread', exact: true }).click()
  // The search's operator suggestions, open.
  await page.getByRole('button', { name: 'Search in this conversation', exact: true }).click()
  await page.getByRole('combobox', { name: 'Search messages' }).pressSequentially('fr')
  await page.locator('[data-search-suggestions]').waitFor({ timeout: TIMEOUT })
  await check('search with its suggestions')
  await page.getByRole('button', { name: 'Close search', exact: true }).click()

  if (!wide) await page.getByRole('link', { name: 'Back to chats' }).click()
  await openChat(page, group.name)
  await log(page).locator('[data-message], [data-system-line]').first().waitFor({ timeout: TIMEOUT })
  await page.getByRole('button', { name: 'Group info' }).click()
  await page.locator('[data-group-panel]').waitFor({ timeout: TIMEOUT })
  await check('group chat with the group panel')
  await page.getByRole('button', { name: 'Close group info' }).click()
  if (!wide) await page.getByRole('link', { name: 'Back to chats' }).click()

  for (const section of ['Friends', 'Groups', 'Notifications', 'Settings']) {
    await openSection(page, section)
    await page.getByRole('heading', { level: 1, name: section }).waitFor({ timeout: TIMEOUT })
    await check(section.toLowerCase())
  }
  await page.goto(`${env.baseUrl}/settings/security`)
  await page.locator('[data-session="current"]').waitFor({ timeout: TIMEOUT })
  await check('security')
}

async function guestScreens(page, check) {
  await page.goto(`${env.baseUrl}/login`)
  await page.getByRole('button', { name: 'Log in', exact: true }).waitFor({ timeout: TIMEOUT })
  await check('login')
  await page.goto(`${env.baseUrl}/signup`)
  await page.getByRole('button', { name: 'Sign up' }).waitFor({ timeout: TIMEOUT })
  await check('sign-up')
}

/**
 * Tabs through the page from the top; every stop must show where the focus
 * is (an outline, or a ring drawn with box-shadow). Returns those that do not.
 */
async function unseenFocus(page, stops = 40) {
  await page.evaluate(() => {
    document.activeElement?.blur?.()
    window.getSelection()?.removeAllRanges()
  })
  const unseen = []
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press('Tab')
    const stop = await page.evaluate(() => {
      const el = document.activeElement
      if (!el || el === document.body) return null
      const style = getComputedStyle(el)
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      const ringed = style.boxShadow !== 'none'
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim().replace(/\s+/g, ' ').slice(0, 30) ?? ''
      return { seen: outlined || ringed, what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} “${name}”` }
    })
    if (stop && !stop.seen) unseen.push(stop.what)
  }
  return [...new Set(unseen)]
}

/** With reduced motion asked for: elements that still transition or animate for longer than a blink. */
function stillMoving(page) {
  return page.evaluate(() => {
    const long = (list) => list.split(',').some((d) => parseFloat(d) * (d.trim().endsWith('ms') ? 1 : 1000) > 0.01)
    return [...document.querySelectorAll('body *')]
      .filter((el) => {
        const style = getComputedStyle(el)
        return long(style.transitionDuration) || (style.animationName !== 'none' && long(style.animationDuration))
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join('.')}`)
  })
}

export async function axeSweep(ctx) {
  const { browser, contexts } = ctx
  const aliceState = await contexts.alice.storageState()
  const blocking = []
  const minor = []
  let screens = 0
  for (const [width, viewport] of WIDTHS) {
    for (const theme of THEMES) {
      for (const signedIn of [true, false]) {
        const { context, page } = await newContext(browser, viewport, theme, signedIn ? aliceState : undefined)
        const check = async (screen) => {
          await settle(page)
          const found = await axeViolations(page)
          screens++
          const where = `${screen} (${width}, ${theme})`
          const bad = found.filter((v) => BLOCKING.has(v.impact))
          if (bad.length) blocking.push(formatViolations(where, bad))
          const rest = found.filter((v) => !BLOCKING.has(v.impact))
          if (rest.length) minor.push(formatViolations(where, rest))
        }
        try {
          if (signedIn) await signedInScreens(page, ctx, width === 'desktop', check)
          else await guestScreens(page, check)
          if (signedIn && width === 'desktop') {
            // The open DM, by keyboard from the top: every stop shows the focus; nothing moves.
            await openChat(page, ctx.users.bob.name)
            const unseen = await unseenFocus(page)
            if (unseen.length) blocking.push(`  no visible focus (${theme}): ${unseen.join(', ')}`)
            const moving = await stillMoving(page)
            if (moving.length) blocking.push(`  still moving with reduced motion (${theme}): ${moving.join(', ')}`)
          }
        } finally {
          await context.close()
        }
      }
    }
  }
  if (minor.length) console.log(`  axe, moderate and minor (not failing):\n${minor.join('\n')}`)
  if (blocking.length) {
    throw new Error(`axe found serious or critical violations (${screens} screens checked):\n${blocking.join('\n')}`)
  }
}
