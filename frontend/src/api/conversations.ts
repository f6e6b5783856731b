/** `/conversations` and `/dms`: the REST calls of the chat screens. */
import { api } from './client'
import type {
  Conversation,
  ConversationNotifications,
  ListOf,
  Message,
  MessagePage,
  NotificationSettingsBody,
  ReadMarker,
  SendMessageRequest,
} from './types'

export const conversationsApi = {
  list: () => api.get<ListOf<Conversation>>('/conversations'),
  get: (id: string) => api.get<Conversation>(`/conversations/${id}`),
  /** The DM with a friend: created once, the same one after. */
  openDm: (userId: string) => api.post<Conversation>('/dms', { user_id: userId }),
  /** Newest first, older than `before` (or from the newest). */
  history: (id: string, before: string | null, limit: number) =>
    api.get<MessagePage>(`/conversations/${id}/messages`, { query: { before, limit } }),
  /** Newest first: the message and its neighbours, with cursors both ways (jump to a message). */
  around: (id: string, messageId: string, limit: number) =>
    api.get<MessagePage>(`/conversations/${id}/messages`, { query: { around: messageId, limit } }),
  /** Oldest first, newer than `after`; `next_after` is null once the newest is reached. */
  newer: (id: string, after: string, limit: number) =>
    api.get<MessagePage>(`/conversations/${id}/messages`, { query: { after, limit } }),
  send: (id: string, req: SendMessageRequest) => api.post<Message>(`/conversations/${id}/messages`, req),
  edit: (id: string, messageId: string, body: string) =>
    api.patch<Message>(`/conversations/${id}/messages/${messageId}`, { body }),
  remove: (id: string, messageId: string) => api.delete<void>(`/conversations/${id}/messages/${messageId}`),
  /** Every member's read marker ("seen by N" in groups). */
  reads: (id: string) => api.get<ListOf<ReadMarker>>(`/conversations/${id}/reads`),
  markRead: (id: string, messageId: string) =>
    api.post<void>(`/conversations/${id}/read`, { message_id: messageId }),
  /** The caller's notification level and mute here (the answer is also sent as `conversation.notifications_updated`). */
  setNotifications: (id: string, body: NotificationSettingsBody) =>
    api.put<ConversationNotifications>(`/conversations/${id}/notifications`, body),
}
