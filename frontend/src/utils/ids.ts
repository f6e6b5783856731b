/**
 * Server ids are UUIDv7: time-ordered, and the API writes them in lower-case
 * hex of one fixed shape, so comparing the strings compares their age.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** True when `a` is newer than `b` (a missing `b` is older than anything). */
export function isNewer(a: string, b: string | null | undefined): boolean {
  return !b || a > b
}

/** The newer of two ids, either possibly missing. */
export function newestId(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null
  if (!b) return a
  return a > b ? a : b
}

/**
 * A client-chosen key for an idempotent send: the API accepts 1–64 printable
 * ASCII characters and answers a retry with the first message.
 */
export function newNonce(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`
}
