/** `/conversations/{id}/pins`: the messages pinned in a conversation. */
import { api } from './client'
import type { ListOf, Message } from './types'

export const pinsApi = {
  /** Newest pin first (at most 50 per conversation). */
  list: (conversationId: string) => api.get<ListOf<Message>>(`/conversations/${conversationId}/pins`),
  /** Answers the message with `pinned_at` and `pinned_by` set. */
  pin: (conversationId: string, messageId: string) =>
    api.put<Message>(`/conversations/${conversationId}/pins/${messageId}`),
  unpin: (conversationId: string, messageId: string) =>
    api.delete<void>(`/conversations/${conversationId}/pins/${messageId}`),
}
