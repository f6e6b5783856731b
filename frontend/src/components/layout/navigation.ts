import type { IconName } from '@/components/common/AppIcon.vue'

export interface NavItem {
  name: string
  label: string
  icon: IconName
  /** What the item's count means, read after the number by screen readers. */
  badgeLabel?: string
}

/** The app's main sections, in display order (sidebar and phone dock). */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'chats', label: 'Chats', icon: 'chat', badgeLabel: 'unread messages' },
  { name: 'friends', label: 'Friends', icon: 'friends', badgeLabel: 'friend requests' },
  { name: 'groups', label: 'Groups', icon: 'groups', badgeLabel: 'group invitations' },
  { name: 'notifications', label: 'Notifications', icon: 'bell', badgeLabel: 'unread notifications' },
  { name: 'settings', label: 'Settings', icon: 'settings' },
]

/** True when `path` is in the item's section (`/chats` and `/chats/…`). */
export function inSection(item: NavItem, path: string): boolean {
  return path === `/${item.name}` || path.startsWith(`/${item.name}/`)
}
