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
