import type { PublicUser } from '@/api/types'
import { i18n } from '@/i18n'

type Named = Pick<PublicUser, 'username' | 'display_name'>

/** What to call a person: their display name, else their username. */
export function displayName(user: Named | null | undefined): string {
  return user?.display_name?.trim() || user?.username || i18n.global.t('common.unknownUser')
}

/**
 * An account run by code (a bot made with `POST /bots`, or a group's incoming
 * webhook): marked as a bot wherever its name shows (`BaseBotBadge`).
 */
export function isBot(user: Partial<Pick<PublicUser, 'bot'>> | null | undefined): boolean {
  return user?.bot === true
}

/**
 * A name to put into translated text that is not HTML (a dialog's title, a
 * tooltip): wrapped in Unicode isolates (FSI … PDI), which keep its own
 * direction as <bdi> does, so a Latin name in an Arabic sentence stays whole.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`
}
