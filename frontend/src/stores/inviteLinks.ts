import { defineStore } from 'pinia'
import { ref } from 'vue'

import { moderationApi, type InviteLink, type NewInviteLink } from '@/api/moderation'
import { i18n } from '@/i18n'

/** A group's invite links as its inviters see them. */
export interface InviteLinkList {
  items: InviteLink[]
  loaded: boolean
  loading: boolean
  error: string | null
}

/** The expiry choices of a new link, in seconds (null: never). */
export const LINK_EXPIRIES: readonly (number | null)[] = [1800, 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400, null]
/** The use limits of a new link (null: none). */
export const LINK_USE_LIMITS: readonly (number | null)[] = [null, 1, 5, 10, 25, 50, 100]

/** What a link is now: usable, or why not. */
export type LinkStatus = 'active' | 'expired' | 'revoked' | 'usedUp'

export function linkStatus(link: InviteLink, now: Date = new Date()): LinkStatus {
  if (link.revoked) return 'revoked'
  if (link.max_uses != null && link.uses >= link.max_uses) return 'usedUp'
  if (link.expires_at && Date.parse(link.expires_at) <= now.getTime()) return 'expired'
  return 'active'
}

/** The whole address to share, from the API's path (`/invite/<code>`). */
export function linkAddress(link: Pick<InviteLink, 'url' | 'code'>, origin: string = window.location.origin): string {
  const path = link.url || `/invite/${link.code}`
  return /^https?:\/\//.test(path) ? path : `${origin}${path.startsWith('/') ? '' : '/'}${path}`
}

/** Invite links per group, for the group panel's Links tab. */
export const useInviteLinksStore = defineStore('inviteLinks', () => {
  const byGroup = ref<Record<string, InviteLinkList>>({})

  function listOf(groupId: string): InviteLinkList {
    if (!byGroup.value[groupId]) byGroup.value[groupId] = { items: [], loaded: false, loading: false, error: null }
    return byGroup.value[groupId]!
  }

  async function load(groupId: string): Promise<void> {
    const list = listOf(groupId)
    if (list.loading) return
    list.loading = true
    list.error = null
    try {
      list.items = await moderationApi.inviteLinks(groupId)
      list.loaded = true
    } catch (e) {
      list.error = e instanceof Error && e.message ? e.message : i18n.global.t('moderation.invites.loadFailed')
    } finally {
      list.loading = false
    }
  }

  async function create(groupId: string, body: NewInviteLink): Promise<InviteLink> {
    const link = await moderationApi.createInviteLink(groupId, body)
    const list = listOf(groupId)
    list.items = [link, ...list.items.filter((l) => l.id !== link.id)]
    return link
  }

  async function revoke(groupId: string, linkId: string): Promise<void> {
    await moderationApi.revokeInviteLink(groupId, linkId)
    const link = listOf(groupId).items.find((l) => l.id === linkId)
    if (link) link.revoked = true
  }

  function reset(): void {
    byGroup.value = {}
  }

  return { byGroup, listOf, load, create, revoke, reset }
})
