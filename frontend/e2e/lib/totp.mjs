/**
 * One-time codes as an authenticator app makes them (RFC 6238: HMAC-SHA1 of
 * the 30-second step, 6 digits), for the two-step login story.
 */
import { createHmac } from 'node:crypto'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** The bytes of a base32 secret (spaces, case and padding ignored). */
export function base32Decode(text) {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out = []
  for (const c of clean) {
    const i = ALPHABET.indexOf(c)
    if (i < 0) throw new Error(`not base32: ${c}`)
    value = (value << 5) | i
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** The 30-second step of a time (ms since the epoch). */
export function totpStep(ms = Date.now()) {
  return Math.floor(ms / 1000 / 30)
}

/** The code of `secret` (base32) for a step. */
export function totp(secret, step = totpStep()) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const n = mac.readUInt32BE(offset) & 0x7fffffff
  return String(n % 1_000_000).padStart(6, '0')
}

/**
 * A code not used yet: each step's code works once, so if `usedStep` is the
 * current step this waits for the next one. Returns {code, step}.
 */
export async function freshTotp(secret, usedStep = null) {
  let step = totpStep()
  if (usedStep !== null && step <= usedStep) {
    const wait = (usedStep + 1) * 30_000 - Date.now() + 250
    console.log(`  waiting ${Math.ceil(wait / 1000)} s for the next 30-second code`)
    await new Promise((r) => setTimeout(r, wait))
    step = totpStep()
  }
  return { code: totp(secret, step), step }
}
