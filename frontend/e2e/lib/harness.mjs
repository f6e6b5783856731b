/**
 * A small sequential runner: the stories build on each other (users sign up,
 * then befriend, then chat...), so they run in order, and after a failure the
 * rest are skipped rather than failing for the same reason.
 */
import { spawn } from 'node:child_process'
import { openSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const env = {
  baseUrl: process.env.CONFAB_E2E_BASE_URL ?? 'http://127.0.0.1:8080',
  shots: process.env.CONFAB_E2E_SCREENSHOTS ?? '.run/screenshots',
  gatewayBin: process.env.CONFAB_E2E_GATEWAY_BIN,
  gatewayPidfile: process.env.CONFAB_E2E_GATEWAY_PIDFILE,
  gatewayLog: process.env.CONFAB_E2E_GATEWAY_LOG,
  gatewayReady: process.env.CONFAB_E2E_GATEWAY_READY,
  /** The mail catcher's web side: `GET /api/messages` lists what it caught, newest first. */
  mailUrl: process.env.CONFAB_E2E_MAIL_URL,
}

export async function runStories(stories, ctx) {
  let passed = 0
  let failed = 0
  let skipped = 0
  for (const [name, fn] of stories) {
    if (failed) {
      skipped++
      console.log(`- skipped: ${name}`)
      continue
    }
    const started = Date.now()
    try {
      await fn(ctx)
      passed++
      console.log(`ok ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    } catch (e) {
      failed++
      console.log(`FAILED ${name}: ${e?.stack ?? e}`)
      await failureShots(ctx, name)
    }
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  return failed === 0
}

/** What each browser showed when a story failed. */
async function failureShots(ctx, name) {
  const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
  for (const [who, page] of Object.entries(ctx.pages ?? {})) {
    await page.screenshot({ path: path.join(env.shots, `FAILED-${slug}-${who}.png`) }).catch(() => {})
  }
}

export function screenshot(page, name) {
  return page.screenshot({ path: path.join(env.shots, `${name}.png`) })
}

export function assert(cond, message) {
  if (!cond) throw new Error(message)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Stops the gateway (SIGTERM: it closes sockets with 1012) and waits for it to exit. */
export async function stopGateway() {
  const pid = Number(readFileSync(env.gatewayPidfile, 'utf8'))
  process.kill(pid, 'SIGTERM')
  for (let i = 0; i < 200 && alive(pid); i++) await sleep(50)
  if (alive(pid)) process.kill(pid, 'SIGKILL')
}

/** Starts the same gateway binary again (this process has the stack's CONFAB_* environment). */
export async function startGateway() {
  const log = openSync(env.gatewayLog, 'a')
  const child = spawn(env.gatewayBin, ['serve'], { detached: true, stdio: ['ignore', log, log] })
  child.unref()
  writeFileSync(env.gatewayPidfile, String(child.pid))
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(env.gatewayReady)).ok) return
    } catch {
      /* not listening yet */
    }
    await sleep(50)
  }
  throw new Error('the restarted gateway did not become ready')
}

// ---- mail ------------------------------------------------------------------
// The stack sends real SMTP to confab-mailcatcher; its JSON is an array, newest
// first, of {received_at, from, to: string[], subject, text, raw}.

/** The caught mails to `to` (any case) with this subject, newest first. */
export async function mailsTo(to, subject) {
  if (!env.mailUrl) throw new Error('CONFAB_E2E_MAIL_URL is not set: scripts/browser-test starts the mail catcher')
  const res = await fetch(`${env.mailUrl}/api/messages`)
  if (!res.ok) throw new Error(`the mail catcher answered ${res.status}`)
  const all = await res.json()
  const address = to.toLowerCase()
  return all.filter((m) => m.subject === subject && m.to.some((t) => t.toLowerCase().includes(address)))
}

/**
 * Waits for a mail to `to` with `subject` beyond the `seen` first ones (count
 * them before the action that sends it), and returns the newest.
 */
export async function waitForMail(to, subject, { seen = 0, timeout = 15_000 } = {}) {
  const until = Date.now() + timeout
  for (;;) {
    const found = await mailsTo(to, subject)
    if (found.length > seen) return found[0]
    if (Date.now() > until) throw new Error(`no mail “${subject}” to ${to} within ${timeout} ms (${found.length} before)`)
    await sleep(200)
  }
}

/** The link to `path` (`/verify-email`, `/reset-password`) in a mail's text. */
export function linkIn(mail, path) {
  const text = mail.text
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const match = text.match(new RegExp(`https?://\\S+${escaped}#token=[0-9A-Za-z_-]+`))
  if (!match) throw new Error(`no ${path} link in the mail “${mail.subject}”:\n${mail.text}`)
  return match[0]
}
