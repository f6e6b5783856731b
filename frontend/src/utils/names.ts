import type { PublicUser } from '@/api/types'

type Named = Pick<PublicUser, 'username' | 'display_name'>

/** What to call a person: their display name, else their username. */
export function displayName(user: Named | null | undefined): string {
  return user?.display_name?.trim() || user?.username || 'Unknown user'
}
