import type { PublicUser } from '@/api/types'

type Named = Pick<PublicUser, 'username' | 'display_name'>

/** What to call a person: their display name, else their username. */
export function displayName(user: Named | null | undefined): string {
  return user?.display_name?.trim() || user?.username || 'Unknown user'
}

/** What a bot's badge says to whoever hovers it or reads it aloud. */
export const BOT_ABOUT = 'Bot account: run by code'

/**
 * An account run by code (a bot made with `POST /bots`, or a group's incoming
 * webhook): marked as a bot wherever its name shows (`BaseBotBadge`).
 */
export function isBot(user: Partial<Pick<PublicUser, 'bot'>> | null | undefined): boolean {
  return user?.bot === true
}
