import type { IconName } from '@/components/common/AppIcon.vue'

export interface NavItem {
  name: string
  /** The item's name: a message key (layout.nav.*). */
  labelKey: string
  icon: IconName
  /** What the item's count means, read with the number by screen readers: a plural message key (layout.badge.*). */
  badgeKey?: string
}

/** The app's main sections, in display order (sidebar and phone dock). */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'chats', labelKey: 'layout.nav.chats', icon: 'chat', badgeKey: 'layout.badge.chats' },
  { name: 'friends', labelKey: 'layout.nav.friends', icon: 'friends', badgeKey: 'layout.badge.friends' },
  { name: 'groups', labelKey: 'layout.nav.groups', icon: 'groups', badgeKey: 'layout.badge.groups' },
  { name: 'notifications', labelKey: 'layout.nav.notifications', icon: 'bell', badgeKey: 'layout.badge.notifications' },
  { name: 'settings', labelKey: 'layout.nav.settings', icon: 'settings' },
]

/**
 * The site administration: in the sidebar only for site administrators (on a
 * phone the dock keeps its five; Settings links there instead).
 */
export const ADMIN_NAV_ITEM: NavItem = { name: 'admin', labelKey: 'admin.navEntry', icon: 'shield' }

/** The sidebar's items for this user: the main sections, and the administration for an administrator. */
export function sidebarItems(siteAdmin: boolean | undefined): readonly NavItem[] {
  return siteAdmin ? [...NAV_ITEMS, ADMIN_NAV_ITEM] : NAV_ITEMS
}

/** True when `path` is in the item's section (`/chats` and `/chats/…`). */
export function inSection(item: NavItem, path: string): boolean {
  return path === `/${item.name}` || path.startsWith(`/${item.name}/`)
}
