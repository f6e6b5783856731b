import { isApiError } from '@/api/client'

/** Why a link no longer works: the 410 codes of the invite-link routes. */
export type LinkGone = 'invite_link_expired' | 'invite_link_revoked' | 'invite_link_used_up'

const GONE: readonly LinkGone[] = ['invite_link_expired', 'invite_link_revoked', 'invite_link_used_up']

/** The 410's code when a preview or join was refused because the link is spent; null otherwise. */
export function goneReason(e: unknown): LinkGone | null {
  if (!isApiError(e)) return null
  if ((GONE as readonly string[]).includes(e.code)) return e.code as LinkGone
  // A 410 with a code this app does not know yet: the link is gone all the same.
  return e.status === 410 ? 'invite_link_revoked' : null
}
