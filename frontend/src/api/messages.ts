/** `/conversations/{id}/messages/{message_id}/...`: forwarding a message, reading its earlier texts, removing its link previews. */
import { api } from './client'
import type { EditHistory, ForwardRequest, Message } from './types'

export const messagesApi = {
  /** Posts a copy in `to` as the caller; answers the copy (`forwarded: true`). */
  forward: (conversationId: string, messageId: string, to: string) =>
    api.post<Message>(`/conversations/${conversationId}/messages/${messageId}/forward`, { to } satisfies ForwardRequest),
  /** Earlier texts, oldest first (members only). */
  edits: (conversationId: string, messageId: string) =>
    api.get<EditHistory>(`/conversations/${conversationId}/messages/${messageId}/edits`),
  /** Drops the link previews of one's own message, for everyone; answers the message without them. */
  removePreviews: (conversationId: string, messageId: string) =>
    api.delete<Message>(`/conversations/${conversationId}/messages/${messageId}/previews`),
}
