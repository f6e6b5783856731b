import { computed } from 'vue'

import { formatNumber } from '@/i18n/format'
import { useFriendsStore } from '@/stores/friends'
import { useInvitesStore } from '@/stores/invites'
import { useNotificationsStore } from '@/stores/notifications'
import { useNotifySettingsStore } from '@/stores/notifySettings'

/** Counts shown on the main navigation: unread messages (not of muted chats), friend requests, group invitations, notifications. */
export function useNavBadges() {
  const notifySettings = useNotifySettingsStore()
  const friends = useFriendsStore()
  const invites = useInvitesStore()
  const notifications = useNotificationsStore()

  const badges = computed<Record<string, number>>(() => ({
    chats: notifySettings.loudUnread,
    friends: friends.pendingCount,
    groups: invites.count,
    notifications: notifications.unreadCount,
  }))

  /** The count behind a nav item's badge (0: no badge). */
  function countOf(name: string): number {
    return badges.value[name] ?? 0
  }

  /** The badge text for a nav item ("99+" past 99, in the language's digits), or null. */
  function badgeOf(name: string): string | null {
    const n = countOf(name)
    return n > 0 ? (n > 99 ? `${formatNumber(99)}+` : formatNumber(n)) : null
  }

  return { badges, countOf, badgeOf }
}
