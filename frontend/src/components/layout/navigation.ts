import type { IconName } from '@/components/common/AppIcon.vue'

export interface NavItem {
  name: string
  label: string
  icon: IconName
}

/** The app's main sections, in display order (sidebar and phone dock). */
export const NAV_ITEMS: readonly NavItem[] = [
  { name: 'chats', label: 'Chats', icon: 'chat' },
  { name: 'friends', label: 'Friends', icon: 'friends' },
  { name: 'groups', label: 'Groups', icon: 'groups' },
  { name: 'notifications', label: 'Notifications', icon: 'bell' },
  { name: 'settings', label: 'Settings', icon: 'settings' },
]
