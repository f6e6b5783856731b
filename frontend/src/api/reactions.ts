/** `/conversations/{id}/messages/{id}/reactions/{emoji}`: one person's emoji on a message. */
import { api } from './client'
import type { ListOf, PublicUser } from './types'

const path = (conversationId: string, messageId: string, emoji: string) =>
  `/conversations/${conversationId}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`

export const reactionsApi = {
  /** Idempotent: reacting twice is one reaction. */
  add: (conversationId: string, messageId: string, emoji: string) =>
    api.put<void>(path(conversationId, messageId, emoji)),
  remove: (conversationId: string, messageId: string, emoji: string) =>
    api.delete<void>(path(conversationId, messageId, emoji)),
  /** Who reacted with it, earliest first (at most 100). */
  who: (conversationId: string, messageId: string, emoji: string) =>
    api.get<ListOf<PublicUser>>(path(conversationId, messageId, emoji)),
}
