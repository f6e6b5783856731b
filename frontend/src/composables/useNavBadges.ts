import { computed } from 'vue'

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

  /** The badge text for a nav item ("99+" past 99), or null. */
  function badgeOf(name: string): string | null {
    const n = badges.value[name] ?? 0
    return n > 0 ? (n > 99 ? '99+' : String(n)) : null
  }

  return { badges, badgeOf }
}
